import { describe, expect, it } from 'vitest';
import { runPostie } from '../helpers/postie-cli.js';
import { freePort } from '../helpers/redis-server.js';

/**
 * The store at start, with `postie start` as its own process (the real CLI entry and exit): every line
 * JSON on stdout, nothing on stderr, and the store's password nowhere.
 */
const PASSWORD = 'redis-password-for-tests-only';

function linesOf(stdout: string, stderr: string) {
  expect(stderr).toBe('');
  expect(stdout).not.toContain(PASSWORD);
  expect(stdout).not.toMatch(/\n\s+at /);
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('fault: the Redis STORE_URL names is not up at start', () => {
  it('says so in one line naming STORE_URL without its password, serves /healthz as not ok, and stops cleanly', async () => {
    const port = await freePort();
    const run = runPostie(['start'], {
      HTTP_PORT: '0',
      LOG_LEVEL: 'info',
      STORE_URL: `redis://default:${PASSWORD}@127.0.0.1:${port}`,
    });
    const line = JSON.parse(await run.waitForLine((l) => l.includes('"setting":"STORE_URL"')));
    expect(line).toMatchObject({ level: 50, store: `redis://127.0.0.1:${port}` });
    const running = JSON.parse(await run.waitForLine((l) => l.includes('Postie is running')));
    expect(running).toMatchObject({ store: 'unavailable' });
    const health = await fetch(`http://127.0.0.1:${running['port']}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'unavailable', store: 'unavailable' });

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const lines = linesOf(run.stdout(), run.stderr());
    expect(lines.filter((l) => l['setting'] === 'STORE_URL')).toHaveLength(1);
    expect(lines.find((l) => l['msg'] === 'stopped')).toMatchObject({ outcome: 'complete' });
  });
});
