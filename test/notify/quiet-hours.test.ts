import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import { chatKey } from '../../src/domain/chat.js';
import { eventKey } from '../../src/domain/event-key.js';
import type { QuietHours } from '../../src/domain/quiet-hours.js';
import type { Shipment, ShipmentStatus, TrackingEvent } from '../../src/domain/shipment.js';
import type { TrackingNumber } from '../../src/domain/tracking-number.js';
import { createLogger } from '../../src/logger.js';
import { createNotifier, type Notifier } from '../../src/notify/notifier.js';
import { counterStoreOn } from '../../src/queue/counter-store.js';
import { createRenderer } from '../../src/render/create-renderer.js';
import { type ChatSettingsStore, chatSettingsOn } from '../../src/store/chat-settings.js';
import { digestClaimOn } from '../../src/subscriptions/news/digest-claim.js';
import { recordEnding, recordNews } from '../../src/subscriptions/news/record-news.js';
import { subscriptionOutbox } from '../../src/subscriptions/news/subscription-outbox.js';
import type { SubscriptionStore } from '../../src/subscriptions/store/subscription-store.js';
import { createManualClock, type ManualClock } from '../../src/time/manual-clock.js';
import { memorySubscriptionStore } from '../helpers/memory-subscription-store.js';
import { eventLines, recordingChannel, textOf } from '../subscriptions/notifications-harness.js';
import { subscriptionOf, telegramChat, watchOf } from '../subscriptions/subscription-fixtures.js';

const chat = telegramChat(7);
const logger = createLogger({ level: 'silent', pretty: false });
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** 22:00–07:30 in the chat's zone. */
const NIGHT: QuietHours = { from: 22 * 60, to: 7 * 60 + 30, urgent: false };

let seq = 0;
const event = (number: string, status: ShipmentStatus = 'in_transit'): TrackingEvent => {
  const time = new Date(Date.UTC(2026, 0, 1) + ++seq * MINUTE).toISOString();
  const text = `Scan ${seq} of ${number}`;
  return {
    key: eventKey({ carrier: 'hongkong-post', number, time, text }),
    time,
    description: { text },
    status,
  };
};
const shipment = (number: string, events: TrackingEvent[]): Shipment => ({
  number: number as TrackingNumber,
  carrier: 'hongkong-post',
  adapter: 'hongkong-post',
  status: events[0]?.status ?? 'in_transit',
  events,
  fetchedAt: new Date(0).toISOString(),
});

const running: Notifier[] = [];
const stores: (SubscriptionStore & { close(): Promise<void> })[] = [];
afterEach(async () => {
  for (const n of running.splice(0)) await n.stop();
  for (const s of stores.splice(0)) await s.close();
});

interface World {
  readonly clock: ManualClock;
  readonly store: SubscriptionStore;
  readonly settings: ChatSettingsStore;
}

/** A chat following `numbers` in `timeZone`, the clock at `startIso`, with `quiet` hours. */
async function world(
  numbers: readonly string[],
  startIso: string,
  quiet?: QuietHours,
  timeZone = 'Asia/Hong_Kong',
) {
  const clock = createManualClock(Date.parse(startIso));
  const store = await memorySubscriptionStore();
  stores.push(store);
  const settings = chatSettingsOn(createMemoryCache(clock));
  await settings.update(chatKey(chat), { timeZone, ...(quiet ? { quiet } : {}) });
  for (const n of numbers) await store.add(subscriptionOf(chat, n), watchOf(n, [chatKey(chat)]), 50);
  return { clock, store, settings } satisfies World;
}

/**
 * The notifier the engine builds, on `w`'s store and settings: a new one is a restart, or, given the
 * counters the instances share, another instance.
 */
async function startNotifier(w: World, shared?: { counters: ReturnType<typeof counterStoreOn> }) {
  const channel = recordingChannel();
  const notifier = createNotifier({
    outbox: subscriptionOutbox(w.store, w.clock),
    channels: new Map([['telegram', channel]]),
    renderer: createRenderer(),
    viewOf: async () => ({
      locale: (await w.settings.get(chatKey(chat))).locale ?? 'en',
      timeZone: (await w.settings.get(chatKey(chat))).timeZone ?? 'UTC',
      now: w.clock.now(),
      chatKind: 'private',
    }),
    quietHoursOf: async (c) => (await w.settings.get(chatKey(c))).quiet,
    ...(shared ? { claimDigest: digestClaimOn(shared.counters) } : {}),
    clock: w.clock,
    logger,
    batchWindowMs: 5_000,
  });
  running.push(notifier);
  await notifier.start();
  await notifier.idle();
  const news = async (number: string, events: TrackingEvent[]) => {
    const watch = await w.store.watch(number);
    if (!watch) throw new Error('no watch');
    const deliver = (c: string, n: string) => notifier.notify(c, [n]);
    await recordNews(
      { store: w.store, settings: w.settings, deliver },
      watch,
      shipment(number, events),
      w.clock.now(),
    );
  };
  /** Moves the clock on and waits until what came due is sent. */
  const advance = async (ms: number) => {
    await w.clock.advance(ms);
    await notifier.idle();
  };
  return { channel, notifier, news, advance };
}

const texts = (channel: ReturnType<typeof recordingChannel>) => channel.delivered.map((d) => textOf(d.reply));

describe('quiet hours', () => {
  it('holds news inside them and sends one digest when they end, each parcel once, in the order its news came', async () => {
    const w = await world(['N1', 'N2', 'N3'], '2026-01-01T21:00:00+08:00', NIGHT);
    const { channel, news, advance } = await startNotifier(w);
    // Before 22:00: sent as usual.
    await news('N1', [event('N1')]);
    await advance(5_000);
    expect(channel.delivered).toHaveLength(1);
    expect(texts(channel)[0]).not.toContain('quiet hours');

    await w.clock.set(Date.parse('2026-01-01T22:30:00+08:00'));
    await news('N2', [event('N2')]);
    await advance(HOUR);
    await news('N1', [event('N1')]);
    await advance(3 * HOUR);
    await news('N2', [event('N2')]);
    await news('N3', [event('N3')]);
    await w.clock.set(Date.parse('2026-01-02T07:29:59+08:00'));
    await advance(999);
    expect(channel.delivered).toHaveLength(1);
    await advance(1);
    expect(channel.delivered).toHaveLength(2);
    const digest = channel.delivered[1]?.reply ?? { blocks: [] };
    const text = textOf(digest);
    expect(text.split('\n')[0]).toBe("🌙 News from this chat's quiet hours (22:00–07:30):");
    // Grouped per parcel, parcels in the order their news first came: N2 (22:30), N1, N3.
    const order = ['N2', 'N1', 'N3'].map((n) => text.indexOf(n));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(eventLines(digest)).toHaveLength(4);
    for (const n of ['N1', 'N2', 'N3'])
      expect((await w.store.subscription(chatKey(chat), n))?.pending).toBeUndefined();

    // After the end, news goes at once again, without a digest heading.
    await news('N3', [event('N3')]);
    await advance(5_000);
    expect(channel.delivered).toHaveLength(3);
    expect(texts(channel)[2]).not.toContain('quiet hours');
  });

  it('lets news of a parcel out for delivery or delivered through at once when urgent, and holds the rest', async () => {
    const w = await world(['N1', 'N2', 'N3'], '2026-01-01T23:00:00+08:00', { ...NIGHT, urgent: true });
    const { channel, news, advance } = await startNotifier(w);
    await news('N1', [event('N1')]);
    await news('N2', [event('N2', 'out_for_delivery')]);
    await advance(5_000);
    expect(channel.delivered).toHaveLength(1);
    expect(texts(channel)[0]).toContain('N2');
    expect(texts(channel)[0]).not.toContain('N1');

    // A held parcel that goes out for delivery comes through with what it held.
    await advance(HOUR);
    await news('N3', [event('N3')]);
    await advance(HOUR);
    await news('N3', [event('N3', 'delivered')]);
    await advance(5_000);
    expect(channel.delivered).toHaveLength(2);
    expect(eventLines(channel.delivered[1]?.reply ?? { blocks: [] })).toHaveLength(2);

    await w.clock.set(Date.parse('2026-01-02T07:30:00+08:00'));
    await advance(0);
    expect(channel.delivered).toHaveLength(3);
    expect(texts(channel)[2]).toContain('N1');
    expect(texts(channel)[2]).not.toContain('N2');
    expect(texts(channel)[2]).not.toContain('N3');
  });

  it('holds news of a parcel out for delivery when the chat did not ask for urgent', async () => {
    const w = await world(['N1'], '2026-01-01T23:00:00+08:00', NIGHT);
    const { channel, news, advance } = await startNotifier(w);
    await news('N1', [event('N1', 'out_for_delivery')]);
    await advance(HOUR);
    expect(channel.delivered).toEqual([]);
  });

  it('holds the end of following even when urgent lets news through: only events are urgent', async () => {
    const w = await world(['N1'], '2026-01-01T23:00:00+08:00', { ...NIGHT, urgent: true });
    const { channel, notifier, advance } = await startNotifier(w);
    const watch = { ...watchOf('N1', [chatKey(chat)]), status: 'out_for_delivery' as const };
    const deliver = (c: string, n: string) => notifier.notify(c, [n]);
    await recordEnding({ store: w.store, settings: w.settings, deliver }, watch, 'expired', w.clock.now());
    await advance(HOUR);
    expect(channel.delivered).toEqual([]);
    await w.clock.set(Date.parse('2026-01-02T07:30:00+08:00'));
    await advance(0);
    expect(texts(channel)).toHaveLength(1);
    expect(texts(channel)[0]).toContain('No news for 30 days');
  });

  it('loses nothing in a restart during quiet hours and sends the digest once at their end', async () => {
    const w = await world(['N1', 'N2'], '2026-01-01T22:10:00+08:00', NIGHT);
    const first = await startNotifier(w);
    await first.news('N2', [event('N2')]);
    await first.advance(HOUR);
    await first.news('N1', [event('N1')]);
    await first.advance(HOUR);
    expect(first.channel.delivered).toEqual([]);
    await first.notifier.stop();

    // A new process on the same store, still inside quiet hours: it holds them again.
    await w.clock.advance(HOUR);
    const second = await startNotifier(w);
    expect(second.channel.delivered).toEqual([]);
    await w.clock.set(Date.parse('2026-01-02T07:30:00+08:00'));
    await second.notifier.idle();
    expect(second.channel.delivered).toHaveLength(1);
    expect(eventLines(second.channel.delivered[0]?.reply ?? { blocks: [] })).toHaveLength(2);
    // N2's news came first, whatever order the store lists the outbox in.
    const digest = texts(second.channel)[0] ?? '';
    expect(digest.indexOf('N2')).toBeLessThan(digest.indexOf('N1'));
    await second.advance(HOUR);
    await second.notifier.stop();

    // And a third finds nothing left to send.
    const third = await startNotifier(w);
    await third.advance(HOUR);
    expect(third.channel.delivered).toEqual([]);
  });

  it('sends the digest at the next start when the process was down as quiet hours ended', async () => {
    const w = await world(['N1'], '2026-01-01T23:00:00+08:00', NIGHT);
    const first = await startNotifier(w);
    await first.news('N1', [event('N1')]);
    await first.advance(HOUR);
    await first.notifier.stop();

    await w.clock.set(Date.parse('2026-01-02T09:15:00+08:00'));
    const second = await startNotifier(w);
    expect(second.channel.delivered).toHaveLength(1);
    expect(texts(second.channel)[0]).toContain('quiet hours (22:00–07:30)');
    await second.advance(24 * HOUR);
    expect(second.channel.delivered).toHaveLength(1);
  });

  it('sends what they held at once when the chat turns them off', async () => {
    const w = await world(['N1', 'N2'], '2026-01-01T23:00:00+08:00', NIGHT);
    const { channel, notifier, news, advance } = await startNotifier(w);
    await news('N1', [event('N1')]);
    await news('N2', [event('N2')]);
    await advance(HOUR);
    expect(channel.delivered).toEqual([]);
    await w.settings.update(chatKey(chat), { quiet: undefined });
    notifier.release(chatKey(chat));
    await notifier.idle();
    expect(channel.delivered).toHaveLength(1);
    expect(eventLines(channel.delivered[0]?.reply ?? { blocks: [] })).toHaveLength(2);
    // And later news goes at once.
    await news('N1', [event('N1')]);
    await advance(5_000);
    expect(channel.delivered).toHaveLength(2);
  });

  it('ends on the local clock on the spring-forward night in New York, not an hour late', async () => {
    // 8 March 2026: 02:00 EST becomes 03:00 EDT; 07:30 EDT is 11:30 UTC.
    const w = await world(['N1'], '2026-03-08T01:30:00-05:00', NIGHT, 'America/New_York');
    const { channel, news, advance } = await startNotifier(w);
    await news('N1', [event('N1')]);
    await advance(5_000);
    expect(channel.delivered).toEqual([]);
    await w.clock.set(Date.parse('2026-03-08T11:29:59Z'));
    await advance(0);
    expect(channel.delivered).toEqual([]);
    await advance(1_000);
    expect(channel.delivered).toHaveLength(1);
    expect(w.clock.now()).toBe(Date.parse('2026-03-08T07:30:00-04:00'));
  });

  it('sends one digest when several instances hold the same chat: the one that claims it', async () => {
    const w = await world(['N1', 'N2'], '2026-01-01T23:00:00+08:00', NIGHT);
    const shared = { counters: counterStoreOn(createMemoryCache(w.clock)) };
    const a = await startNotifier(w, shared);
    await a.news('N1', [event('N1')]);
    await a.advance(HOUR);
    // Another instance starts meanwhile and finds the held news in the outbox.
    const b = await startNotifier(w, shared);
    await b.news('N2', [event('N2')]);
    await b.advance(HOUR);
    expect([...a.channel.delivered, ...b.channel.delivered]).toEqual([]);

    await w.clock.set(Date.parse('2026-01-02T07:30:00+08:00'));
    await a.notifier.idle();
    await b.notifier.idle();
    const sent = [...a.channel.delivered, ...b.channel.delivered];
    expect(sent).toHaveLength(1);
    expect(eventLines(sent[0]?.reply ?? { blocks: [] })).toHaveLength(2);
    for (const n of ['N1', 'N2'])
      expect((await w.store.subscription(chatKey(chat), n))?.pending).toBeUndefined();
  });

  it('sends what another instance holds when the chat turns quiet hours off on this one, and only once', async () => {
    const w = await world(['N1'], '2026-01-01T23:00:00+08:00', NIGHT);
    const shared = { counters: counterStoreOn(createMemoryCache(w.clock)) };
    const a = await startNotifier(w, shared);
    const b = await startNotifier(w, shared);
    await a.news('N1', [event('N1')]);
    await a.advance(HOUR);
    expect(a.channel.delivered).toEqual([]);

    // `/quiet off` is answered by b, which holds nothing of the chat.
    await w.settings.update(chatKey(chat), { quiet: undefined });
    b.notifier.release(chatKey(chat));
    await b.notifier.idle();
    expect(b.channel.delivered).toHaveLength(1);
    // a still waits for the end it read, then finds nothing left.
    await w.clock.set(Date.parse('2026-01-02T07:30:00+08:00'));
    await a.notifier.idle();
    expect(a.channel.delivered).toEqual([]);
  });

  it('writes the digest in the chat’s language', async () => {
    const w = await world(['N1'], '2026-01-01T23:00:00+08:00', NIGHT);
    await w.settings.update(chatKey(chat), { locale: 'zh-CN' });
    const { channel, news, advance } = await startNotifier(w);
    await news('N1', [event('N1', 'out_for_delivery')]);
    await w.clock.set(Date.parse('2026-01-02T07:30:00+08:00'));
    await advance(0);
    expect(texts(channel)[0]?.split('\n').slice(0, 2)).toEqual([
      '🌙 免打扰时段（22:00–07:30）期间的消息：',
      expect.stringContaining('N1 · 派送中'),
    ]);
  });
});
