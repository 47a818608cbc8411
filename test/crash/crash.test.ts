import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@redis/client';
import { afterAll, describe, expect, it } from 'vitest';
import { EMS_TO_UK } from '../../src/carriers/hongkong-post/sandbox-parcels.js';
import { startSandboxes } from '../../src/carriers/sandboxes.js';
import { systemClock } from '../../src/time/clock.js';
import { createScaledClock } from '../../src/time/scaled-clock.js';
import { type FakeTelegram, startFakeTelegram } from '../frontends/telegram/fake-telegram.js';
import { groupChat, privateChat, TOKEN, user } from '../frontends/telegram/telegram-harness.js';
import { testRedisUrl } from '../helpers/test-redis.js';

/**
 * Crash safety with real processes: Postie runs as a child process on the SQLite or Redis store against
 * the carrier sandboxes and a fake Telegram, chats subscribe to a parcel, and the child is killed with
 * SIGKILL at random moments (polling, recording, sending) and started again, until the parcel is
 * delivered. Then: every chat told "Following" hears of the delivery (no subscription lost), every
 * event after subscribing reaches every chat (no notification lost), nothing shown at subscribing is
 * repeated, and no chat hears an event more often than once plus one per crash.
 */

/** One real second is one sandbox hour: the parcel arrives 12 h after the start and is delivered at 30 h. */
const SPEED = 3600;
const KILLS = 6;
const CHATS = [
  ...Array.from({ length: 8 }, (_, i) => ({ id: 9100 + i, group: false })),
  ...Array.from({ length: 4 }, (_, i) => ({ id: -9200 - i, group: true })),
];
/** An event line as the English renderer writes it: `25 Nov, 03:40 · …`. */
const EVENT_LINE = /^\d{1,2} [A-Z][a-z]{2}, \d{2}:\d{2}\b/;

const dir = mkdtempSync(join(tmpdir(), 'postie-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small seeded generator, so a failing run can be repeated. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const stripTags = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

async function startPostie(env: Record<string, string>, origin: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'postie-process.ts'), String(origin), String(SPEED)],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      if (String(chunk).includes('ready')) resolve();
    });
    child.once('exit', (code) =>
      reject(new Error(`Postie exited (${code}) before it was ready: ${stderr.slice(-2000)}`)),
    );
  });
  await ready;
  return child;
}

async function kill(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

interface ChatReport {
  readonly acknowledged: boolean;
  readonly shown: ReadonlySet<string>;
  /** Each notified event line and how many times it came. */
  readonly told: ReadonlyMap<string, number>;
  readonly delivered: boolean;
  /** Events a notification counted without showing ("+ 2 earlier updates"). */
  readonly counted: number;
}

function reportFor(fake: FakeTelegram, chatId: number): ChatReport {
  const messages = fake.messagesIn(chatId).filter((m) => m.fromBot);
  // "· 3 hours ago" changes between sends of the same event: compare lines without it.
  const lines = (text: string) =>
    stripTags(text)
      .split('\n')
      .filter((l) => EVENT_LINE.test(l))
      .map((l) => l.replace(/ · (?:[^·]* ago|just now)$/, ''));
  const shown = new Set(
    messages.filter((m) => m.text.includes('Hongkong Post')).flatMap((m) => lines(m.html)),
  );
  const notifications = messages.filter(
    (m) =>
      !m.text.includes('Hongkong Post') &&
      !m.text.startsWith('Following') &&
      !m.text.includes('already follows'),
  );
  const told = new Map<string, number>();
  for (const line of notifications.flatMap((m) => lines(m.html))) told.set(line, (told.get(line) ?? 0) + 1);
  return {
    acknowledged: messages.some((m) => m.text.includes(`Following ${EMS_TO_UK}`)),
    shown,
    told,
    delivered: notifications.some((m) => m.text.includes('Delivered')),
    counted: notifications.reduce(
      (sum, m) => sum + Number(/\+ (\d+) earlier updates/.exec(m.text)?.[1] ?? 0),
      0,
    ),
  };
}

async function crashRun(storeUrl: string, seed: number) {
  const random = seeded(seed);
  const origin = Date.now();
  const clock = createScaledClock(SPEED, systemClock, origin);
  const sandboxes = await startSandboxes({ clock, enforceLimits: false });
  const fake = await startFakeTelegram({ token: TOKEN });
  const env = {
    ...sandboxes.env,
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: fake.apiRoot,
    STORE_URL: storeUrl,
    HTTP_PORT: '0',
    LOG_LEVEL: 'warn',
  };
  let child = await startPostie(env, origin);
  let kills = 0;
  try {
    for (const chat of CHATS) {
      const room = chat.group ? groupChat(chat.id) : privateChat(chat.id);
      fake.userSays(room, user(Math.abs(chat.id)), `/subscribe ${EMS_TO_UK}`);
    }
    const allDelivered = () => CHATS.every((c) => reportFor(fake, c.id).delivered);
    const giveUpAt = Date.now() + 120_000;
    while (!allDelivered() && Date.now() < giveUpAt) {
      await new Promise((resolve) => setTimeout(resolve, 300 + random() * 1500));
      if (kills < KILLS) {
        await kill(child);
        kills++;
        child = await startPostie(env, origin);
      }
    }
  } finally {
    await kill(child);
    await Promise.all([fake.close(), sandboxes.close()]);
  }
  return { kills, reports: CHATS.map((c) => ({ chat: c.id, ...reportFor(fake, c.id) })) };
}

function expectCrashSafe({ kills, reports }: Awaited<ReturnType<typeof crashRun>>) {
  expect(kills).toBe(KILLS);
  for (const report of reports) {
    expect(report.acknowledged, `chat ${report.chat} was told it follows the parcel`).toBe(true);
    expect(report.delivered, `chat ${report.chat} heard of the delivery`).toBe(true);
    const told = [...report.told.keys()];
    expect(
      told.filter((line) => report.shown.has(line)),
      `chat ${report.chat}: nothing shown is repeated`,
    ).toEqual([]);
    // The parcel has eight events; what was not shown at subscribing must have been told (or counted,
    // when a crash let more pile up than one message shows).
    expect(
      new Set([...report.shown, ...told]).size + report.counted,
      `chat ${report.chat}: every event reached it`,
    ).toBeGreaterThanOrEqual(8);
    const repeats = [...report.told.values()].reduce((sum, n) => sum + n - 1, 0);
    expect(repeats, `chat ${report.chat}: at most one repeat per crash`).toBeLessThanOrEqual(kills);
  }
}

describe('crash safety with real processes (SIGKILL at random moments)', () => {
  it('loses and repeats nothing beyond the bound on the embedded SQLite store', async () => {
    expectCrashSafe(await crashRun(`sqlite://${join(dir, 'crash.sqlite')}`, 20261124));
  }, 180_000);

  it('loses and repeats nothing beyond the bound on the shared Redis store', async () => {
    // A database of its own on the run's own Redis, emptied before and after.
    const url = testRedisUrl(7);
    const redis = createClient({ url });
    await redis.connect();
    await redis.flushDb();
    try {
      expectCrashSafe(await crashRun(url, 42));
    } finally {
      await redis.flushDb();
      redis.destroy();
    }
  }, 180_000);
});
