import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import { type ChatRef, chatKey } from '../../src/domain/chat.js';
import { eventKey } from '../../src/domain/event-key.js';
import type { Shipment, ShipmentStatus, TrackingEvent } from '../../src/domain/shipment.js';
import type { TrackingNumber } from '../../src/domain/tracking-number.js';
import { createLogger } from '../../src/logger.js';
import { createNotifier, type Notifier } from '../../src/notify/notifier.js';
import { createRenderer } from '../../src/render/create-renderer.js';
import { chatSettingsOn } from '../../src/store/chat-settings.js';
import { recordNews } from '../../src/subscriptions/news/record-news.js';
import { subscriptionOutbox } from '../../src/subscriptions/news/subscription-outbox.js';
import type { SubscriptionStore } from '../../src/subscriptions/store/subscription-store.js';
import { createManualClock } from '../../src/time/manual-clock.js';
import { memorySubscriptionStore } from '../helpers/memory-subscription-store.js';
import { eventLines, recordingChannel, textOf } from '../subscriptions/notifications-harness.js';
import { subscriptionOf, telegramChat, watchOf } from '../subscriptions/subscription-fixtures.js';

const chat = telegramChat(7);
const logger = createLogger({ level: 'silent', pretty: false });

const event = (number: string, hour: number, status: ShipmentStatus = 'in_transit'): TrackingEvent => {
  const time = new Date(Date.UTC(2026, 0, 1, hour)).toISOString();
  const text = `Scan at hour ${hour}`;
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

let notifier: Notifier | undefined;
let store: (SubscriptionStore & { close(): Promise<void> }) | undefined;
afterEach(async () => {
  await notifier?.stop();
  await store?.close();
});

async function setUp(numbers: readonly string[]) {
  const clock = createManualClock();
  store = await memorySubscriptionStore();
  const settings = chatSettingsOn(createMemoryCache(clock));
  for (const n of numbers) await store.add(subscriptionOf(chat, n), watchOf(n, [chatKey(chat)]), 50);
  const s = store;
  /** Moves one parcel's subscription to another chat (the fixtures put all in `chat`). */
  const moveTo = async (number: string, to: ChatRef) => {
    await s.remove(chat, number);
    await s.add(subscriptionOf(to, number), watchOf(number, [chatKey(to)]), 50);
  };
  const channel = recordingChannel();
  notifier = createNotifier({
    outbox: subscriptionOutbox(store, clock),
    channels: new Map([['telegram', channel]]),
    renderer: createRenderer(),
    viewOf: async () => ({ locale: 'en', timeZone: 'UTC', now: clock.now(), chatKind: 'private' }),
    clock,
    logger,
    batchWindowMs: 5_000,
    retryMs: 5_000,
  });
  const news = async (number: string, events: TrackingEvent[], to?: ChatRef) => {
    if (to) await moveTo(number, to);
    const watch = await s.watch(number);
    if (!watch) throw new Error('no watch');
    const deliver = (c: string, n: string) => notifier?.notify(c, [n]);
    await recordNews({ store: s, settings, deliver }, watch, shipment(number, events), clock.now());
  };
  return { clock, channel, store: s, news, notifier };
}

describe('the notifier', () => {
  it("sends one chat's news about several parcels within the window as one message", async () => {
    const { clock, channel, news } = await setUp(['N1', 'N2']);
    await news('N1', [event('N1', 2), event('N1', 1)]);
    await clock.advance(1_000);
    await news('N2', [event('N2', 3)]);
    await clock.advance(3_999);
    expect(channel.delivered).toEqual([]);
    await clock.advance(1);
    await notifier?.idle();
    expect(channel.delivered).toHaveLength(1);
    const text = textOf(channel.delivered[0]?.reply ?? { blocks: [] });
    expect(text).toContain('N1');
    expect(text).toContain('N2');
    expect(eventLines(channel.delivered[0]?.reply ?? { blocks: [] })).toHaveLength(3);
  });

  it('keeps events recorded while a message is being sent, and sends them next, once', async () => {
    const { clock, channel, news, store } = await setUp(['N1']);
    let release: () => void = () => undefined;
    let entered: () => void = () => undefined;
    const sending = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const deliver = channel.deliver.bind(channel);
    channel.deliver = async (...args) => {
      entered();
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return deliver(...args);
    };
    await news('N1', [event('N1', 1)]);
    await clock.advance(5_000);
    await sending;
    await news('N1', [event('N1', 2), event('N1', 1)]);
    release();
    // The first message is settled and the rest waits for the next window.
    await vi.waitFor(() => expect(clock.pending).toBe(1));
    channel.deliver = deliver;
    await clock.advance(5_000);
    await notifier?.idle();
    expect(channel.delivered.map((d) => eventLines(d.reply).length)).toEqual([1, 1]);
    expect(eventLines(channel.delivered[1]?.reply ?? { blocks: [] })[0]).toContain('hour 2');
    expect((await store.subscription(chatKey(chat), 'N1'))?.pending).toBeUndefined();
  });

  it('retries a failed delivery with growing waits and sends it once', async () => {
    const { clock, channel, news } = await setUp(['N1']);
    channel.mode = 'fail';
    await news('N1', [event('N1', 1)]);
    await clock.advance(5_000);
    await clock.advance(5_000);
    channel.mode = 'sent';
    await clock.advance(9_999);
    expect(channel.delivered).toEqual([]);
    await clock.advance(1);
    await notifier?.idle();
    expect(channel.delivered).toHaveLength(1);
  });

  it('waits for many chats at once without Node warning of a listener leak', async () => {
    const numbers = Array.from({ length: 30 }, (_, i) => `N${i}`);
    const { clock, channel, news } = await setUp(numbers);
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    // Each parcel's news goes to a chat of its own.
    for (const [i, n] of numbers.entries()) await news(n, [event(n, 1)], telegramChat(100 + i));
    await new Promise((resolve) => setImmediate(resolve));
    await clock.advance(5_000);
    await notifier?.idle();
    process.off('warning', onWarning);
    expect(channel.delivered).toHaveLength(30);
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });

  it('switches off the subscriptions of a chat that cannot be reached', async () => {
    const { clock, channel, news, store } = await setUp(['N1', 'N2']);
    channel.mode = 'unreachable';
    await news('N1', [event('N1', 1)]);
    await clock.advance(5_000);
    await notifier?.idle();
    expect((await store.subscription(chatKey(chat), 'N2'))?.state).toBe('inactive');
    expect((await store.subscription(chatKey(chat), 'N1'))?.pending).toBeUndefined();
    expect(await store.watch('N1')).toBeUndefined();
  });
});
