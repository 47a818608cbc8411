import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, type ServingApp } from '../../src/app/build-app.js';
import { loadConfig } from '../../src/config.js';
import { createManualClock } from '../../src/time/manual-clock.js';
import { type FakeDiscord, startFakeDiscord } from '../frontends/discord/fake-discord.js';
import { type FakeTelegram, startFakeTelegram } from '../frontends/telegram/fake-telegram.js';
import { privateChat, TOKEN, user } from '../frontends/telegram/telegram-harness.js';
import { captureLogger } from '../helpers/capture-logger.js';

/**
 * Faults at start, through the composition root: a platform that cannot be reached is tried again with
 * back-off (on a manual clock here) while health checks, the scheduler and the other front-end run; a
 * refused token, at start or later, settles `App.refused` with the variable to check.
 */
let app: ServingApp | undefined;
let telegram: FakeTelegram | undefined;
let discord: FakeDiscord | undefined;
afterEach(async () => {
  await app?.stop();
  await telegram?.close();
  await discord?.close();
  app = telegram = discord = undefined;
});

const base = { HTTP_PORT: '0', STORE_URL: 'sqlite://:memory:' };
const health = (running: ServingApp) =>
  fetch(`http://127.0.0.1:${running.address.port}/healthz`).then((response) => response.status);
const readiness = async (running: ServingApp) => {
  const response = await fetch(`http://127.0.0.1:${running.address.port}/readyz`);
  return { status: response.status, body: await response.json() };
};
const msgs = (lines: Record<string, unknown>[]) => lines.map((l) => l['msg']);

describe('fault: a platform that cannot be reached at start', () => {
  it('runs the rest of Postie and tries Telegram again with back-off until it answers', async () => {
    telegram = await startFakeTelegram({ token: TOKEN });
    const fake = telegram;
    fake.dropNext('getMe', 3);
    discord = await startFakeDiscord({ heartbeatIntervalMs: 250 });
    const deadlines = createManualClock(Date.now());
    const { logger, lines } = captureLogger('info');
    app = await buildApp(
      loadConfig({
        ...base,
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: fake.apiRoot,
        DISCORD_TOKEN: discord.token,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_API_ROOT: discord.apiRoot,
      }),
      { logger, frontends: 'configured', deadlineClock: deadlines },
    );
    // Up meanwhile: health checks, the scheduler, and the Discord front-end; not ready without Telegram.
    expect(await health(app)).toBe(200);
    expect(await readiness(app)).toEqual({
      status: 503,
      body: {
        status: 'not_ready',
        store: 'ready',
        frontends: { telegram: 'connecting', discord: 'connected' },
        stopping: false,
        notReady: ['telegram'],
      },
    });
    expect(msgs(lines)).toContain('scheduler started');
    expect(msgs(lines)).toContain('connected to Discord');
    const retries = lines.filter((l) => l['msg'] === 'telegram could not start; trying again');
    expect(retries[0]).toMatchObject({ level: 40, attempt: 1, check: 'TELEGRAM_API_ROOT' });
    expect(JSON.stringify(lines)).not.toContain(TOKEN.split(':')[1]);

    const retried = () => lines.filter((l) => l['msg'] === 'telegram could not start; trying again').length;
    for (let failures = 1; failures <= 3; failures++) {
      await expect.poll(retried).toBe(failures);
      // The longest back-off after that many failures (1 s doubling, full jitter).
      await deadlines.advance(1_000 * 2 ** (failures - 1));
    }
    await expect.poll(() => msgs(lines)).toContain('Telegram bot taking updates by long polling');
    expect(fake.calls.filter((c) => c.method === 'getMe').length).toBe(4);
    expect(retried()).toBe(3);
    const running = app;
    await expect.poll(async () => (await readiness(running)).status).toBe(200);
    fake.userSays(privateChat(1401), user(1401), '/help');
    await fake.waitFor(() => fake.messagesIn(1401).length >= 1);
  });

  it('tries Discord again when its gateway lookup never answers', async () => {
    discord = await startFakeDiscord({ heartbeatIntervalMs: 250 });
    const fake = discord;
    fake.hangNext(/^GET \/gateway\/bot$/);
    const deadlines = createManualClock(Date.now());
    const { logger, lines } = captureLogger('info');
    const starting = buildApp(
      loadConfig({
        ...base,
        DISCORD_TOKEN: fake.token,
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_ROOT: fake.apiRoot,
      }),
      { logger, frontends: 'configured', deadlineClock: deadlines },
    );
    await expect.poll(() => fake.hanging).toBe(1);
    await deadlines.advance(10_000);
    app = await starting;
    expect(lines.find((l) => l['msg'] === 'discord could not start; trying again')).toMatchObject({
      check: 'DISCORD_API_ROOT',
      reason: expect.stringContaining('no answer within 10000 ms'),
    });
    await deadlines.advance(1_000);
    await expect.poll(() => msgs(lines)).toContain('connected to Discord');
  });
});

describe('fault: a token refused while running', () => {
  it('settles App.refused naming TELEGRAM_BOT_TOKEN when polling is refused', async () => {
    telegram = await startFakeTelegram({ token: TOKEN });
    const fake = telegram;
    const { logger } = captureLogger('info');
    app = await buildApp(
      loadConfig({ ...base, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot }),
      { logger, frontends: 'configured' },
    );
    await fake.waitFor(() => fake.calls.some((c) => c.method === 'getUpdates'));
    fake.failNext('getUpdates', { error_code: 401, description: 'Unauthorized' });
    // The poll under way ends with an update; the next one is refused.
    fake.userSays(privateChat(1402), user(1402), '/help');
    const refusal = await app.refused;
    expect(refusal.setting).toBe('TELEGRAM_BOT_TOKEN');
    expect(refusal.message).not.toContain(TOKEN.split(':')[1]);
  });

  it('settles App.refused naming DISCORD_TOKEN when Discord refuses the token at start', async () => {
    discord = await startFakeDiscord();
    const { logger } = captureLogger('info');
    app = await buildApp(
      loadConfig({
        ...base,
        DISCORD_TOKEN: 'MTAwMDAwMDAwMDAwMDAwMDAy.wrong.token-for-tests-only',
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_API_ROOT: discord.apiRoot,
      }),
      { logger, frontends: 'configured' },
    );
    expect((await app.refused).setting).toBe('DISCORD_TOKEN');
  });
});
