import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPostie } from '../helpers/postie-cli.js';
import { freePort } from '../helpers/redis-server.js';

/**
 * The store at start, with `postie start` as its own process (the real CLI entry and exit): every line
 * JSON on stdout, nothing on stderr, and the store's password nowhere.
 */
const PASSWORD = 'redis-password-for-tests-only';
const folder = mkdtempSync(join(tmpdir(), 'postie-store-start-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

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
  it('says so in one line naming STORE_URL without its password, alive on /healthz but not ready on /readyz, and stops cleanly', async () => {
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
    expect((await fetch(`http://127.0.0.1:${running['port']}/healthz`)).status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${running['port']}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({
      status: 'not_ready',
      store: 'unavailable',
      frontends: {},
      stopping: false,
      notReady: ['store'],
      // With a Redis store the instance says which run it is (the host name and a suffix of its own).
      instance: expect.stringMatching(/^[A-Za-z0-9._-]+#[0-9a-f]{8}$/),
    });

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const lines = linesOf(run.stdout(), run.stderr());
    expect(lines.filter((l) => l['setting'] === 'STORE_URL')).toHaveLength(1);
    expect(lines.find((l) => l['msg'] === 'stopped')).toMatchObject({ outcome: 'complete' });
  });
});

describe('fault: the SQLite file STORE_URL names cannot be made', () => {
  it('is one fatal line naming STORE_URL and the path, exit 78', async () => {
    const blocker = join(folder, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const path = join(blocker, 'data', 'postie.sqlite');
    const run = runPostie(['start'], { HTTP_PORT: '0', LOG_LEVEL: 'info', STORE_URL: `sqlite://${path}` });
    expect(await run.exited).toBe(78);
    const fatal = linesOf(run.stdout(), run.stderr()).filter((l) => l['level'] === 60);
    expect(fatal).toEqual([
      expect.objectContaining({ setting: 'STORE_URL', msg: expect.stringContaining(path) }),
    ]);
  });
});
