/**
 * One new event for a parcel that 10,000 Telegram chats follow (a fifth of them groups): from the poll
 * that finds it to the last message arriving at the fake Bot API, which answers 429 (with
 * `retry_after`) to any sendMessage over Telegram's limits. Postie's path is the real one: scheduler →
 * diff → outbox (SQLite file) → notifier → the Telegram front-end's notification channel, sender and
 * send limiter → telegraf's callApi. Beside it, in the same run and against the same limits, a naive
 * sender: every sendMessage at once (Promise.all, no limiter, no retry).
 *
 * Telegram's limits (30 messages/s overall, 1/s per chat, 20/min per group) would make 10,000 messages
 * take at least 333 s, so both the fake's windows and the limiter's are made {@link SPEEDUP}× shorter:
 * the counts are the same, and the sending time scales back by that factor (the work before the first
 * message does not). Notifications go out without the notifier's 5 s batching wait.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Telegraf } from 'telegraf';
import type { ChatRef } from '../src/domain/chat.js';
import type { TrackingNumber } from '../src/domain/tracking-number.js';
import { TELEGRAM_SEND_LIMITS, type TelegramSendLimits } from '../src/frontends/telegram/send-limits.js';
import { createLogger } from '../src/logger.js';
import { createRenderer } from '../src/render/create-renderer.js';
import { createAdjustableClock } from '../src/time/adjustable-clock.js';
import { type Clock, systemClock } from '../src/time/clock.js';
import { startFakeTelegram } from '../test/frontends/telegram/fake-telegram.js';
import { type FakeLimits, TELEGRAM_LIMITS } from '../test/frontends/telegram/fake-telegram-limits.js';
import { groupChat, privateChat, startTelegram, TOKEN } from '../test/frontends/telegram/telegram-harness.js';
import { startBotRig } from '../test/helpers/bot-rig.js';
import { formatRate, formatSeconds, printTable, seededRandom } from './measure.js';
import { countingTracking, type ModelParcel } from './parcel-model.js';
import { sqliteBackend } from './store-backends.js';
import { inPool } from './subscription-plan.js';
import { benchEngine, openStores } from './subscription-rig.js';

const CHATS = 10_000;
/** Every fifth chat is a group. */
const GROUP_EVERY = 5;
/** How many times shorter every limit window is than Telegram's. */
const SPEEDUP = 10;
const MINUTE = 60_000;

const silent = createLogger({ level: 'silent', pretty: false });

const faster = <L extends TelegramSendLimits | FakeLimits>(limits: L): L =>
  ({
    overall: { ...limits.overall, windowMs: limits.overall.windowMs / SPEEDUP },
    perChat: { ...limits.perChat, windowMs: limits.perChat.windowMs / SPEEDUP },
    perGroup: { ...limits.perGroup, windowMs: limits.perGroup.windowMs / SPEEDUP },
  }) as L;
/** What Postie keeps to, and what the fake enforces (stated apart: the service's numbers, not ours). */
const SEND_LIMITS = faster(TELEGRAM_SEND_LIMITS);
const FAKE_LIMITS = faster(TELEGRAM_LIMITS);

/** The fake measures real time: the limiter runs on monotonic real time too. */
const monotonic: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  sleep: systemClock.sleep,
};

const chatIds = Array.from({ length: CHATS }, (_, i) =>
  i % GROUP_EVERY === GROUP_EVERY - 1 ? -1_001_000_000_000 - i : 2_000_000 + i,
);
const chatRef = (id: number): ChatRef => ({
  platform: 'telegram',
  id: String(id),
  kind: id < 0 ? 'group' : 'private',
});

/** As the fake Bot API knows the chat (it answers "chat not found" otherwise). */
const chatOf = (id: number) => (id < 0 ? groupChat(id) : privateChat(id));

interface FanOutFigures {
  readonly name: string;
  readonly delivered: number;
  readonly tooMany: number;
  /** From the poll (or the first call) to the first and the last message arriving, in ms. */
  readonly firstMs: number;
  readonly lastMs: number;
}

/** The engine's poll finds the event; every chat's notification goes out through the Telegram front-end. */
async function throughPostie(): Promise<FanOutFigures & { text: string; setupSeconds: number }> {
  // A bot core for the front-end to start with (its command menu); the notifications do not use it.
  const rig = await startBotRig();
  const clock = createAdjustableClock(monotonic);
  const tg = await startTelegram({
    core: rig.core,
    logger: silent,
    clock,
    sendLimits: SEND_LIMITS,
    fakeLimits: FAKE_LIMITS,
  });
  const channel = tg.frontend.notifications;
  if (!channel) throw new Error('the Telegram front-end offers no notifications');
  for (const id of chatIds) tg.fake.state.chats.set(id, chatOf(id));

  const backend = sqliteBackend(mkdtempSync(join(tmpdir(), 'postie-fan-out-')));
  const stores = await openStores(backend);
  const now = clock.now();
  const parcel: ModelParcel = {
    number: 'RR000000001HK' as TrackingNumber,
    carrier: 'hongkong-post',
    adapter: 'hongkong-post',
    // Posted two days ago; the new event comes 20 minutes after everyone subscribed.
    eventTimes: [now - 2 * 24 * 60 * MINUTE, now + 20 * MINUTE],
  };
  const tracking = countingTracking([parcel], clock);
  const engine = benchEngine({
    ...stores,
    tracking,
    renderer: createRenderer(),
    channel,
    clock,
    random: seededRandom(6),
  });
  try {
    const started = performance.now();
    const current = tracking.answer(parcel.number, now);
    await inPool(chatIds, 64, (id) =>
      engine.subscriptions.subscribe({ chat: chatRef(id), number: parcel.number, locale: 'en', current }),
    );
    const setupSeconds = (performance.now() - started) / 1000;
    await engine.start();
    clock.advance(30 * MINUTE);
    const pollAt = Date.now();
    await engine.runDue();
    const sent = tg.fake.calls.filter((c) => c.method === 'sendMessage' && c.at >= pollAt).map((c) => c.at);
    return {
      name: 'postie (notifier → limiter)',
      delivered: tg.fake.state.messages.filter((m) => m.fromBot).length,
      tooMany: tg.fake.tooManyRequests,
      firstMs: Math.min(...sent) - pollAt,
      lastMs: Math.max(...sent) - pollAt,
      text: tg.fake.state.messages.find((m) => m.fromBot)?.html ?? '',
      setupSeconds,
    };
  } finally {
    await engine.stop();
    await stores.close();
    await backend.remove();
    await tg.close();
    await rig.close();
  }
}

/** Every chat's sendMessage at once through telegraf, nothing waited for or retried. */
async function naiveSender(text: string): Promise<FanOutFigures> {
  const fake = await startFakeTelegram({ token: TOKEN, limits: FAKE_LIMITS });
  for (const id of chatIds) fake.state.chats.set(id, chatOf(id));
  const { telegram } = new Telegraf(TOKEN, { telegram: { apiRoot: fake.apiRoot } });
  try {
    const started = Date.now();
    const results = await Promise.allSettled(
      chatIds.map((chat_id) => telegram.callApi('sendMessage', { chat_id, text, parse_mode: 'HTML' })),
    );
    const sent = fake.calls.filter((c) => c.method === 'sendMessage').map((c) => c.at);
    return {
      name: 'naive (Promise.all, no limiter)',
      delivered: results.filter((r) => r.status === 'fulfilled').length,
      tooMany: fake.tooManyRequests,
      firstMs: Math.min(...sent) - started,
      lastMs: Math.max(...sent) - started,
    };
  } finally {
    await fake.close();
  }
}

export async function fanOutSuite(): Promise<void> {
  const groups = chatIds.filter((id) => id < 0).length;
  console.log(
    `## Fan-out: one new event to ${CHATS.toLocaleString('en')} Telegram chats (${groups.toLocaleString('en')} groups), ` +
      `fake Bot API enforcing the limits`,
  );
  console.log(
    `Limits ${SPEEDUP}× faster than Telegram's, on the fake and on Postie's limiter alike: ` +
      `${FAKE_LIMITS.overall.limit} messages per ${FAKE_LIMITS.overall.windowMs} ms overall, ` +
      `${FAKE_LIMITS.perChat.limit} per ${FAKE_LIMITS.perChat.windowMs} ms per chat, ` +
      `${FAKE_LIMITS.perGroup.limit} per ${FAKE_LIMITS.perGroup.windowMs / 1000} s per group.`,
  );
  const postie = await throughPostie();
  const naive = await naiveSender(postie.text);
  const ceiling = (FAKE_LIMITS.overall.limit * 1000) / FAKE_LIMITS.overall.windowMs;
  const floorSeconds = CHATS / ceiling;
  printTable(
    [
      'sender',
      'delivered',
      '429s',
      'first message',
      'last message',
      'messages/s',
      'of the ceiling',
      `at Telegram's limits (est.)`,
    ],
    [postie, naive].map((f) => {
      const rate = f.delivered / (f.lastMs / 1000);
      // The limits bind only while sending: the work before the first message does not scale.
      const atTelegram = (f.firstMs + (f.lastMs - f.firstMs) * SPEEDUP) / 1000;
      return [
        f.name,
        f.delivered.toLocaleString('en'),
        f.tooMany.toLocaleString('en'),
        formatSeconds(f.firstMs / 1000),
        formatSeconds(f.lastMs / 1000),
        formatRate(rate, ''),
        `${((rate / ceiling) * 100).toFixed(0)}%`,
        f === naive ? '–' : `${formatSeconds(atTelegram)}, ${formatRate(f.delivered / atTelegram, 'msg/s')}`,
      ];
    }),
  );
  console.log(
    `ceiling: ${formatRate(ceiling, 'messages/s')} here (${TELEGRAM_LIMITS.overall.limit}/s at Telegram's), ` +
      `so ${CHATS.toLocaleString('en')} messages need at least ${formatSeconds(floorSeconds)} ` +
      `(${formatSeconds(floorSeconds * SPEEDUP)}). Times from the poll (postie) or the first call (naive); ` +
      `setting up the 10,000 subscriptions took ${formatSeconds(postie.setupSeconds)}.\n`,
  );
}
