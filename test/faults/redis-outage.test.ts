import { afterEach, describe, expect, it } from 'vitest';
import { EMS_TO_UK } from '../../src/carriers/hongkong-post/sandbox-parcels.js';
import type { ChatRef } from '../../src/domain/chat.js';
import type { DeliveryResult, NotificationChannel } from '../../src/domain/notification-channel.js';
import type { Reply } from '../../src/domain/reply.js';
import { StoreUnavailableError } from '../../src/domain/store-unavailable.js';
import { REDIS_RECONNECT } from '../../src/store/redis-connection.js';
import { createManualClock, type ManualClock } from '../../src/time/manual-clock.js';
import { type BotRig, type BotRigOptions, startBotRig } from '../helpers/bot-rig.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { type RedisServer, startRedisServer } from '../helpers/redis-server.js';
import { eventLines, hongkongLookups, textOf } from '../subscriptions/notifications-harness.js';

/**
 * Redis taken away while Postie runs (a server of the test's own that keeps its data, as one with an
 * append-only file does), and brought back: the bot core, the scheduler and the notifier on the real
 * store, the carriers' sandboxes behind them. Reconnection waits on a manual clock of its own.
 */
const HOUR = 3_600_000;
const GUARD = { timeout: 10_000 };
const alice: ChatRef = { platform: 'telegram', id: '701', kind: 'private' };

/** What the notifier logs when a chat's notifications wait for the store to come back. */
const NOTIFIER_WAITS = 'notifications wait for the store';

interface Outage {
  readonly rig: BotRig;
  /** The bot's log lines. */
  readonly lines: Record<string, unknown>[];
  readonly server: RedisServer;
  readonly retryClock: ManualClock;
  /** Brings Redis back and lets the connection try again at once. */
  back(): Promise<void>;
}

const running: Outage[] = [];
afterEach(async () => {
  for (const { rig, server } of running.splice(0)) {
    await rig.close();
    await server.stop();
  }
});

async function startOutageRig(bot: BotRigOptions['bot'] = {}): Promise<Outage> {
  const server = await startRedisServer({ keepData: true });
  const retryClock = createManualClock();
  const { logger, lines } = captureLogger('info');
  const rig = await startBotRig({
    storeUrl: server.url,
    storeRetryClock: retryClock,
    logger,
    bot: { batchWindowMs: 0, random: () => 0.5, ...bot },
  });
  const outage: Outage = {
    rig,
    lines,
    server,
    retryClock,
    async back() {
      await server.start();
      // Each look moves the retry clock on: a reconnection still failing when the server came back is tried again.
      await expect
        .poll(async () => {
          await retryClock.advance(REDIS_RECONNECT.maxMs);
          return rig.store.state;
        }, GUARD)
        .toBe('ready');
    },
  };
  running.push(outage);
  return outage;
}

/** Says `text` in `chat` as a person whose platform speaks `languageCode`; resolves with the replies. */
async function say(rig: BotRig, chat: ChatRef, text: string, languageCode?: string): Promise<string[]> {
  const replies: Reply[] = [];
  const command = /^\/(\S+)\s*(.*)$/s.exec(text);
  await rig.core.handleMessage(
    {
      chat,
      user: { id: `u${chat.id}`, ...(languageCode ? { languageCode } : {}) },
      text,
      addressedToBot: true,
      ...(command ? { command: { name: command[1] ?? '', args: command[2] ?? '' } } : {}),
    },
    async (reply) => {
      replies.push(reply);
    },
  );
  return replies.map(textOf);
}

/** A channel that records what it sends; `next` decides how each delivery ends (before it is recorded). */
function scriptedChannel(next: () => Promise<DeliveryResult | 'fail'>) {
  const delivered: Reply[] = [];
  const channel: NotificationChannel = {
    platform: 'telegram',
    async deliver(_chat, reply) {
      const result = await next();
      if (result === 'fail') throw new Error('the platform is down');
      if (result === 'sent') delivered.push(reply);
      return result;
    },
  };
  return { channel, delivered };
}

async function outboxOf(rig: BotRig) {
  const entries: (readonly [string, string])[] = [];
  for await (const entry of rig.subscriptionStore.outbox()) entries.push(entry);
  return entries;
}

describe('fault: Redis goes away while Postie runs', () => {
  it('answers "temporarily unavailable" in the person\'s language, and answers as usual once it is back', async () => {
    const { rig, server, back } = await startOutageRig();
    expect(await say(rig, alice, '/language zh-HK', 'en')).toHaveLength(1);
    await server.stop();

    // The chat's own choice is on the store: its person's platform language stands in, else the default.
    const [chinese] = await say(rig, alice, '/list', 'zh-HK');
    expect(chinese).toBe('抱歉，我暫時未能提供服務，請一分鐘後再試。');
    expect(await say(rig, alice, EMS_TO_UK, 'zh-CN')).toEqual(['抱歉，我暂时无法提供服务，请一分钟后再试。']);
    expect(await say(rig, alice, `/subscribe ${EMS_TO_UK}`)).toEqual([
      "Sorry, I'm temporarily unavailable. Please try again in a minute.",
    ]);

    await back();
    const [list] = await say(rig, alice, '/list', 'en');
    // The chat's own language again, and nothing was subscribed while the store was away.
    expect(list).toContain('這個對話還未追蹤任何包裹');
  });

  it('polls nothing while it is away, and polls what came due once it is back', async () => {
    const { rig, server, back } = await startOutageRig();
    await say(rig, alice, `/subscribe ${EMS_TO_UK}`, 'en');
    await server.stop();
    const lookups = hongkongLookups(rig);
    rig.clock.advance(13 * HOUR);
    await expect(rig.engine.runDue()).rejects.toThrow(StoreUnavailableError);
    expect(hongkongLookups(rig)).toBe(lookups);

    await back();
    expect(await rig.engine.runDue()).toBe(1);
    expect(hongkongLookups(rig)).toBe(lookups + 1);
  });

  it('keeps a notification it could not send while Redis was away, and sends it once when it is back', async () => {
    const { rig, server, back, lines } = await startOutageRig({ notifyRetryMs: 1 });
    await say(rig, alice, `/subscribe ${EMS_TO_UK}`, 'en');
    rig.clock.advance(13 * HOUR);
    // Polled with no channel to send through: the news waits in the outbox.
    expect(await rig.engine.runDue()).toBe(1);
    expect(await outboxOf(rig)).toHaveLength(1);

    // Sent on start, the first delivery fails, and Redis goes away with it: the retry finds it away.
    let attempts = 0;
    const { channel, delivered } = scriptedChannel(async () => {
      attempts += 1;
      if (attempts > 1) return 'sent';
      await server.stop();
      return 'fail';
    });
    rig.engine.addChannel(channel);
    await rig.engine.start();
    await expect.poll(() => lines.some((l) => l['msg'] === NOTIFIER_WAITS), GUARD).toBe(true);
    expect(delivered).toHaveLength(0);

    await back();
    await expect.poll(() => delivered.length, GUARD).toBe(1);
    expect(eventLines(delivered[0] ?? { blocks: [] })).toHaveLength(1);
    await expect.poll(() => outboxOf(rig), GUARD).toEqual([]);
    await rig.engine.idle();
    expect(delivered).toHaveLength(1);
  });

  it('never sends a notification twice when Redis goes away between sending it and clearing it', async () => {
    const { rig, server, back } = await startOutageRig();
    await say(rig, alice, `/subscribe ${EMS_TO_UK}`, 'en');
    rig.clock.advance(13 * HOUR);
    expect(await rig.engine.runDue()).toBe(1);

    let deliveries = 0;
    const { channel, delivered } = scriptedChannel(async () => {
      deliveries += 1;
      if (deliveries === 1) await server.stop();
      return 'sent';
    });
    rig.engine.addChannel(channel);
    await rig.engine.start();
    await expect.poll(() => rig.store.state, GUARD).toBe('unavailable');
    expect(delivered).toHaveLength(1);

    await back();
    // What was sent is cleared from the outbox without being sent again.
    await expect.poll(() => outboxOf(rig), GUARD).toEqual([]);
    await rig.engine.idle();
    expect(deliveries).toBe(1);
    const subscription = await rig.subscriptionStore.subscription(`telegram:${alice.id}`, EMS_TO_UK);
    expect(subscription?.pending).toBeUndefined();
  });
});
