import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { webhookSecret } from '../../src/frontends/telegram/webhook.js';
import { type FakeDiscord, startFakeDiscord } from '../frontends/discord/fake-discord.js';
import { type FakeTelegram, startFakeTelegram } from '../frontends/telegram/fake-telegram.js';
import { TOKEN } from '../frontends/telegram/telegram-harness.js';
import { runPostie } from '../helpers/postie-cli.js';

/**
 * Faults at start, with `postie start` as its own process (the real CLI entry and exit): a refused
 * setting is one fatal log line naming the variable, exit 78, and no secret, no stack, nothing printed
 * past the logger, on stdout or stderr.
 */
const SECRET = 'configured-webhook-secret_0123456789';
const TOKEN_SECRET = TOKEN.split(':')[1] ?? TOKEN;

let fake: FakeTelegram | undefined;
let discord: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.close();
  await discord?.close();
  fake = undefined;
  discord = undefined;
});

const base = { HTTP_PORT: '0', STORE_URL: 'sqlite://:memory:', LOG_LEVEL: 'info' };

/** The run's output: JSON lines on stdout, nothing on stderr, no secret anywhere. */
function expectCleanOutput(stdout: string, stderr: string, secrets: readonly string[]) {
  expect(stderr).toBe('');
  const lines = stdout.trim().split('\n');
  for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  for (const secret of secrets) expect(stdout).not.toContain(secret);
  expect(stdout).not.toMatch(/\n\s+at /);
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('fault: Telegram refuses a setting at start', () => {
  it('a failed setWebhook is one fatal line naming TELEGRAM_WEBHOOK_URL, exit 78, the secret nowhere', async () => {
    fake = await startFakeTelegram({ token: TOKEN });
    fake.failNext('setWebhook', {
      error_code: 400,
      description: 'Bad Request: bad webhook: Failed to resolve host: Name or service not known',
    });
    const run = runPostie(['start'], {
      ...base,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://postie.invalid/hooks',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    });
    expect(await run.exited).toBe(78);
    const lines = expectCleanOutput(run.stdout(), run.stderr(), [SECRET, TOKEN_SECRET]);
    const fatal = lines.filter((l) => l['level'] === 60);
    expect(fatal).toEqual([
      expect.objectContaining({
        setting: 'TELEGRAM_WEBHOOK_URL',
        msg: expect.stringContaining('bad webhook'),
      }),
    ]);
  });

  it('a refused token is one fatal line naming TELEGRAM_BOT_TOKEN, exit 78, the derived secret nowhere', async () => {
    fake = await startFakeTelegram({ token: TOKEN });
    fake.failNext('setWebhook', { error_code: 401, description: 'Unauthorized' });
    const run = runPostie(['start'], {
      ...base,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://postie.invalid/hooks',
    });
    expect(await run.exited).toBe(78);
    const derived = webhookSecret(undefined, TOKEN);
    const lines = expectCleanOutput(run.stdout(), run.stderr(), [derived, TOKEN_SECRET]);
    expect(lines.filter((l) => l['level'] === 60)).toEqual([
      expect.objectContaining({ setting: 'TELEGRAM_BOT_TOKEN' }),
    ]);
  });

  it('Discord refusing its token is one fatal line naming DISCORD_TOKEN, exit 78', async () => {
    discord = await startFakeDiscord();
    const wrong = 'MTAwMDAwMDAwMDAwMDAwMDAy.wrong.token-for-tests-only';
    const run = runPostie(['start'], {
      ...base,
      DISCORD_TOKEN: wrong,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_API_ROOT: discord.apiRoot,
    });
    expect(await run.exited).toBe(78);
    const lines = expectCleanOutput(run.stdout(), run.stderr(), [wrong]);
    expect(lines.filter((l) => l['level'] === 60)).toEqual([
      expect.objectContaining({ setting: 'DISCORD_TOKEN' }),
    ]);
  });
});

describe('fault: SIGTERM while Telegram does not answer the start', () => {
  it('stops at once, in order, instead of being killed or waiting for the start', async () => {
    fake = await startFakeTelegram({ token: TOKEN });
    const hung = fake;
    hung.hangNext('getMe');
    const run = runPostie(['start'], { ...base, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: hung.apiRoot });
    await hung.waitFor(() => hung.hanging === 1);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const lines = expectCleanOutput(run.stdout(), run.stderr(), [TOKEN_SECRET]);
    expect(lines.map((l) => l['msg'])).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
    expect(lines.find((l) => l['msg'] === 'stopped')).toMatchObject({ outcome: 'complete' });
  });
});

describe('fault: the HTTP port is taken', () => {
  it('is one fatal line naming the port and HTTP_PORT, exit 78', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const address = taken.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const run = runPostie(['start'], { ...base, HTTP_PORT: String(port) });
      expect(await run.exited).toBe(78);
      const lines = expectCleanOutput(run.stdout(), run.stderr(), []);
      expect(lines.filter((l) => l['level'] === 60)).toEqual([
        expect.objectContaining({
          setting: 'HTTP_PORT',
          msg: `port ${port} is already in use: change HTTP_PORT`,
        }),
      ]);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});

describe('configuration errors and the unexpected', () => {
  it('exits 78 on an invalid variable, naming it without its value', async () => {
    const run = runPostie(['start'], {
      ...base,
      HTTP_PORT: 'eighty',
      TELEGRAM_BOT_TOKEN: 'not-a-token-at-all',
    });
    expect(await run.exited).toBe(78);
    expect(run.stderr()).toContain('HTTP_PORT: must be an integer');
    expect(run.stderr()).toContain('TELEGRAM_BOT_TOKEN:');
    expect(run.stderr()).not.toContain('not-a-token-at-all');
  });

  it('exits 2 on a command it does not know', async () => {
    expect(await runPostie(['frobnicate'], base).exited).toBe(2);
  });
});
