import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { buildApp, type ServingApp } from '../../src/app/build-app.js';
import { type RunningSandboxes, startSandboxes } from '../../src/carriers/sandboxes.js';
import { loadConfig } from '../../src/config.js';
import { REDIS_RECONNECT } from '../../src/store/redis-connection.js';
import { systemClock } from '../../src/time/clock.js';
import { createManualClock, type ManualClock } from '../../src/time/manual-clock.js';
import { type FakeTelegram, startFakeTelegram } from '../frontends/telegram/fake-telegram.js';
import { privateChat, TOKEN, user } from '../frontends/telegram/telegram-harness.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { freePort, type RedisServer, startRedisServer } from '../helpers/redis-server.js';

/**
 * The store away, through the composition root: Postie with the Telegram front-end (against the fake
 * Bot API) and the carrier sandboxes, its store a Redis of the test's own taken away and brought back,
 * or a SQLite file deleted under it. Reconnection waits on the deadline clock, a manual one here.
 */
const GUARD = { timeout: 10_000 };
const UNAVAILABLE = "Sorry, I'm temporarily unavailable. Please try again in a minute.";
const PASSWORD = 'redis-password-for-tests-only';
const folder = mkdtempSync(join(tmpdir(), 'postie-app-store-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let app: ServingApp | undefined;
let fake: FakeTelegram | undefined;
let sandboxes: RunningSandboxes | undefined;
let server: RedisServer | undefined;
afterEach(async () => {
  await app?.stop();
  await fake?.close();
  await sandboxes?.close();
  await server?.stop();
  app = fake = sandboxes = server = deadlineClock = undefined;
});

async function start(storeUrl: string, deadlines: ManualClock) {
  deadlineClock = deadlines;
  fake = await startFakeTelegram({ token: TOKEN });
  sandboxes = await startSandboxes({ clock: systemClock, enforceLimits: false });
  const { logger, lines } = captureLogger('info');
  app = await buildApp(
    loadConfig({
      ...sandboxes.env,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
      HTTP_PORT: '0',
      STORE_URL: storeUrl,
    }),
    { logger, frontends: 'configured', deadlineClock: deadlines },
  );
  return { app, telegram: fake, lines };
}

/** `/readyz`: ready only while the store answers; `/healthz` (alive) stays 200 throughout. */
async function health(running: ServingApp) {
  const alive = await fetch(`http://127.0.0.1:${running.address.port}/healthz`);
  expect(alive.status).toBe(200);
  const response = await fetch(`http://127.0.0.1:${running.address.port}/readyz`);
  return { status: response.status, body: await response.json() };
}

let deadlineClock: ManualClock | undefined;

/**
 * Waits for `check` while the deadline clock moves on half a second at each look: the waits Postie
 * takes on it (reconnecting, asking Telegram again for updates it could not record) pass as they would.
 */
function waitMoving<T>(telegram: FakeTelegram, check: () => T | undefined | false): Promise<T> {
  return telegram.waitFor(() => {
    void deadlineClock?.advance(500);
    return check();
  });
}

const READY = {
  status: 200,
  body: {
    status: 'ready',
    store: 'ready',
    frontends: { telegram: 'connected' },
    stopping: false,
    notReady: [],
  },
};
const STORE_AWAY = {
  status: 503,
  body: {
    status: 'not_ready',
    store: 'unavailable',
    frontends: { telegram: 'connected' },
    stopping: false,
    notReady: ['store'],
  },
};

/** The first reply in chat `id` to `text`, from a person whose platform speaks `languageCode`. */
async function ask(telegram: FakeTelegram, id: number, text: string, languageCode = 'en') {
  const replies = () => telegram.messagesIn(id).filter((m) => m.fromBot);
  const before = replies().length;
  telegram.userSays(privateChat(id), user(id, languageCode), text);
  const reply = await waitMoving(telegram, () => replies()[before]);
  return reply.text;
}

const storeLines = (lines: Record<string, unknown>[]) => lines.filter((l) => l['setting'] === 'STORE_URL');

/** `/readyz` on a Redis store also names the run and the polling lease it holds or waits for. */
const shared = (
  expected: typeof READY | typeof STORE_AWAY,
  polling: 'held' | 'waiting',
): { status: number; body: Record<string, unknown> } => ({
  status: expected.status,
  body: {
    ...expected.body,
    instance: expect.any(String),
    leases: { telegram: { name: 'telegram-polling', state: polling } },
  },
});

const botSaid = (telegram: FakeTelegram, id: number) => telegram.messagesIn(id).filter((m) => m.fromBot);

describe('fault: Redis goes away while Postie runs', () => {
  it('says so on /readyz (alive on /healthz) and in the chats, and everything resumes when it is back, without a restart', async () => {
    server = await startRedisServer({ keepData: true });
    const redis = server;
    const deadlines = createManualClock(Date.now());
    const { app, telegram, lines } = await start(redis.url, deadlines);
    await expect.poll(async () => health(app), GUARD).toEqual(shared(READY, 'held'));
    expect(await ask(telegram, 1501, 'RB000000014HK')).toContain('Hongkong Post');

    await redis.stop();
    await expect.poll(async () => (await health(app)).status, GUARD).toBe(503);
    // The store is away for every instance: the one polling goes on, and chats hear why nothing works.
    expect(await health(app)).toEqual(shared(STORE_AWAY, 'held'));
    await deadlines.advance(20_000);
    expect(await health(app)).toEqual(shared(STORE_AWAY, 'held'));
    expect(await ask(telegram, 1502, 'RB000000014HK')).toBe(UNAVAILABLE);
    // Unrecorded, 1502's update is not confirmed: polling asks for it again, with what came since.
    expect(await ask(telegram, 1503, '/list', 'zh-HK')).toBe('抱歉，我暫時未能提供服務，請一分鐘後再試。');
    expect(storeLines(lines)).toEqual([
      expect.objectContaining({ level: 50, store: `redis://127.0.0.1:${redis.port}` }),
    ]);

    await redis.start();
    await deadlines.advance(REDIS_RECONNECT.maxMs);
    await expect.poll(async () => (await health(app)).status, GUARD).toBe(200);
    expect(await ask(telegram, 1504, 'RB000000014HK')).toContain('Hongkong Post');
    // What was asked while it was away is answered now that it is back, and not told twice it was away.
    await waitMoving(
      telegram,
      () => botSaid(telegram, 1502).length >= 2 && botSaid(telegram, 1503).length >= 2,
    );
    expect(botSaid(telegram, 1502).map((m) => m.text)).toEqual([
      UNAVAILABLE,
      expect.stringContaining('Hongkong Post'),
    ]);
    expect(botSaid(telegram, 1503)).toHaveLength(2);
    expect(storeLines(lines)).toEqual([
      expect.objectContaining({ level: 50 }),
      expect.objectContaining({ level: 30, unavailableMs: expect.any(Number) }),
    ]);
  });
});

describe('fault: STORE_URL names a Redis that is not up at start', () => {
  it('starts anyway: one line naming STORE_URL, never its password; health not ok; polling waits for its lease; then works', async () => {
    const port = await freePort();
    const deadlines = createManualClock(Date.now());
    const { app, telegram, lines } = await start(`redis://default:${PASSWORD}@127.0.0.1:${port}`, deadlines);
    expect(storeLines(lines)).toEqual([
      expect.objectContaining({
        level: 50,
        store: `redis://127.0.0.1:${port}`,
        msg: expect.stringContaining('STORE_URL'),
      }),
    ]);
    expect(await health(app)).toEqual(shared(STORE_AWAY, 'waiting'));
    // The front-end runs; long polling waits for the lease, subscriptions for the store.
    const early = telegram.userSays(privateChat(1601), user(1601), '/subscribe RB000000014HK');
    expect(lines.map((l) => l['msg'])).not.toContain('scheduler started');
    // Attempts go on in the background without another line each.
    for (let attempt = 0; attempt < 3; attempt++) await deadlines.advance(REDIS_RECONNECT.maxMs);
    expect(storeLines(lines)).toHaveLength(1);
    expect(telegram.unconfirmed().map((u) => u.update_id)).toEqual([early.update_id]);

    server = await startRedisServer({ port });
    await deadlines.advance(REDIS_RECONNECT.maxMs);
    await expect.poll(async () => (await health(app)).status, GUARD).toBe(200);
    await expect.poll(() => lines.map((l) => l['msg']), GUARD).toContain('scheduler started');
    const [subscribed] = await waitMoving(
      telegram,
      () => botSaid(telegram, 1601).length >= 1 && botSaid(telegram, 1601),
    );
    expect(subscribed?.text).toContain('RB000000014HK');
    expect(await ask(telegram, 1602, '/subscribe RB000000014HK')).toContain('RB000000014HK');
    expect(await ask(telegram, 1602, '/list')).toContain('RB000000014HK');
    expect(JSON.stringify(lines)).not.toContain(PASSWORD);
  });
});

describe('fault: the SQLite file is deleted while Postie runs', () => {
  it('says so on /readyz, in the log naming the file, and in the chat, instead of a subscription lost later', async () => {
    const data = join(folder, 'data');
    const file = join(data, 'postie.sqlite');
    const { app, telegram, lines } = await start(`sqlite://${file}`, createManualClock(Date.now()));
    expect(await health(app)).toEqual(READY);
    rmSync(data, { recursive: true });

    expect(await ask(telegram, 1701, '/subscribe RB000000014HK')).toBe(UNAVAILABLE);
    expect(await health(app)).toEqual(STORE_AWAY);
    expect(storeLines(lines)).toEqual([
      expect.objectContaining({
        level: 50,
        store: file,
        err: expect.objectContaining({ message: expect.stringContaining(file) }),
      }),
    ]);
  });
});
