import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type ServingApp } from '../../src/app/build-app.js';
import { EMS_TO_UK } from '../../src/carriers/hongkong-post/sandbox-parcels.js';
import { type RunningSandboxes, startSandboxes } from '../../src/carriers/sandboxes.js';
import { parseStatusReport } from '../../src/cli/status-report-schema.js';
import { loadConfig } from '../../src/config.js';
import type { StatusReport } from '../../src/domain/status-report.js';
import { PLAIN, toConsoleText } from '../../src/frontends/console/markup.js';
import { createRenderer } from '../../src/render/create-renderer.js';
import { createManualClock, type ManualClock } from '../../src/time/manual-clock.js';
import { createLedger } from '../crash/crash-ledger.js';
import { type FakeTelegram, startFakeTelegram } from '../frontends/telegram/fake-telegram.js';
import { privateChat, TOKEN, user } from '../frontends/telegram/telegram-harness.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { type RedisServer, startRedisServer } from '../helpers/redis-server.js';

/**
 * Two instances of Postie (the whole composition root, `postie start`'s) on one private redis-server,
 * against the carrier sandboxes and one fake Bot API, both polling the subscriptions' schedule: a parcel
 * with news is polled by one of them at a time and each of its events is told once. Time is one manual
 * clock the sandboxes' parcels and both instances read, moved a little at each look (the carriers' lanes
 * pace their requests on it).
 */

const HOUR_MS = 3_600_000;
const CHAT = 4801;

let redis: RedisServer;
let sandboxes: RunningSandboxes;
let telegram: FakeTelegram;
let clock: ManualClock;
const apps: ServingApp[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
  clock = createManualClock(Date.now());
  sandboxes = await startSandboxes({ clock, enforceLimits: false });
  telegram = await startFakeTelegram({ token: TOKEN });
});
afterAll(async () => {
  for (const app of apps) await app.stop();
  await telegram.close();
  await sandboxes.close();
  await redis.stop();
});

async function startInstance(name: string): Promise<ServingApp> {
  const { logger } = captureLogger('warn');
  const config = loadConfig({
    ...sandboxes.env,
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    STORE_URL: redis.url,
    HTTP_PORT: '0',
    INSTANCE_ID: name,
  });
  // Leases, call deadlines and the stop's limit keep real time (the default): leases outlast the test.
  const app = await buildApp(config, { logger, frontends: 'configured', clock });
  apps.push(app);
  return app;
}

const readyz = async (app: ServingApp) =>
  (await fetch(`http://127.0.0.1:${app.address.port}/readyz`)).json() as Promise<{
    instance: string;
    leases: { telegram: { state: string } };
  }>;

/** `postie_polls_done_total` on an instance's `/metrics`. */
async function pollsDone(app: ServingApp): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${app.address.port}/metrics`)).text();
  return Number(/^postie_polls_done_total (\d+)/m.exec(text)?.[1] ?? 0);
}

describe('two instances on one Redis', () => {
  it('tell each event of a followed parcel once, whichever instance polls it', async () => {
    const [a, b] = [await startInstance('postie-a'), await startInstance('postie-b')];
    const states = async () => [
      (await readyz(a)).leases.telegram.state,
      (await readyz(b)).leases.telegram.state,
    ];
    await expect.poll(states, { timeout: 10_000 }).toEqual(['held', 'waiting']);
    expect((await readyz(b)).instance).toMatch(/^postie-b#[0-9a-f]{8}$/);

    const ledger = createLedger(telegram, (chat, text) =>
      telegram.userSays(privateChat(chat.id), user(chat.id), text),
    );
    ledger.say({ id: CHAT, group: false }, `/subscribe ${EMS_TO_UK}`);
    await telegram.waitFor(() => {
      void clock.advance(1_000);
      return ledger.commands(CHAT).subscribe.answered === 1;
    });

    // A day and more, two minutes at a look: both instances' schedules come due, the parcel moves on. (A
    // poll claims its number for ten minutes of this clock: moving faster than the instances work
    // would let the other instance claim a number whose poll is still under way.)
    const until = clock.now() + 31 * HOUR_MS;
    await telegram.waitFor(() => {
      if (clock.now() < until) void clock.advance(10 * 60_000);
      return ledger.events(CHAT).delivered && clock.now() >= until;
    }, 60_000);
    const { told, counted } = ledger.events(CHAT);
    // Arrived, customs, released, at the office, delivered: each told once (or counted once in a summary).
    expect(told.size + counted).toBeGreaterThanOrEqual(5);
    expect([...told.values()].every((times) => times === 1)).toBe(true);
    expect(ledger.commands(CHAT).subscribe.answered).toBe(1);
    expect(telegram.conflicts).toBe(0);
    // The status views say which instance holds what (postie status renders /status.json so).
    const report = parseStatusReport(
      await (await fetch(`http://127.0.0.1:${b.address.port}/status.json`)).json(),
    );
    const [selfA, selfB] = [(await readyz(a)).instance, (await readyz(b)).instance];
    expect(report?.leases).toEqual(
      expect.arrayContaining([
        { name: `telegram-polling:${telegram.bot.id}`, holder: selfA },
        { name: `instance:${selfA}`, holder: selfA },
        { name: `instance:${selfB}`, holder: selfB },
      ]),
    );
    const view = { locale: 'zh-HK' as const, timeZone: 'UTC', now: Date.now(), chatKind: 'private' as const };
    const text = toConsoleText(createRenderer().status(report as StatusReport, view), PLAIN);
    expect(text).toContain(`Telegram 長輪詢由 ${selfA} 負責`);
    expect(text).toContain('運行中的實例：');
    const page = await (await fetch(`http://127.0.0.1:${a.address.port}/status`)).text();
    expect(page).toContain(`<tr><th>telegram-polling:${telegram.bot.id}</th><td>${selfA}</td></tr>`);

    // Both took polls off the shared schedule.
    const polls = await Promise.all([pollsDone(a), pollsDone(b)]);
    expect(polls.every((n) => n > 0)).toBe(true);
  }, 120_000);
});
