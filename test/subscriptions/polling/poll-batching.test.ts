import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../../src/cache/memory-cache.js';
import type { CarrierAdapter } from '../../../src/carriers/adapter.js';
import { HONGKONG_POST_LIMITS } from '../../../src/carriers/hongkong-post/index.js';
import { createDetector } from '../../../src/detect/detector.js';
import { chatKey } from '../../../src/domain/chat.js';
import type { TrackOutcome } from '../../../src/domain/outcome.js';
import type { TrackingNumber } from '../../../src/domain/tracking-number.js';
import { createExtractor } from '../../../src/extract/extractor.js';
import { counterStoreOn } from '../../../src/queue/counter-store.js';
import { createTrackingQueue } from '../../../src/queue/tracking-queue.js';
import { chatSettingsOn } from '../../../src/store/chat-settings.js';
import { adapterBudgets } from '../../../src/subscriptions/polling/budget.js';
import { createParcelPoller } from '../../../src/subscriptions/polling/parcel-poller.js';
import { createManualClock } from '../../../src/time/manual-clock.js';
import { createTrackingService } from '../../../src/tracking/tracking-service.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { memorySubscriptionStore } from '../../helpers/memory-subscription-store.js';
import { subscriptionOf, telegramChat, watchOf } from '../subscription-fixtures.js';

/**
 * The parcel poller on the real queue and lanes (Hongkong Post's limits) and its own due loop, on the
 * manual clock moved a second at a time as real time would pass: what the carrier receives.
 */
async function setUp(count: number, dueAt: (i: number, start: number) => number) {
  const clock = createManualClock();
  const start = clock.now();
  const requests: { at: number; items: number; numbers: readonly string[] }[] = [];
  const adapter: CarrierAdapter = {
    id: 'hongkong-post',
    async track(asked) {
      requests.push({ at: clock.now(), items: asked.length, numbers: asked.map((r) => r.number) });
      const outcomes = new Map<string, TrackOutcome>();
      for (const { number } of asked) {
        outcomes.set(number, {
          kind: 'found',
          shipment: {
            number,
            carrier: 'hongkong-post',
            adapter: 'hongkong-post',
            status: 'in_transit',
            events: [],
            fetchedAt: new Date(clock.now()).toISOString(),
          },
        });
      }
      return outcomes;
    },
  };
  const { logger } = captureLogger('info');
  const queue = createTrackingQueue({
    adapters: [{ adapter, limits: HONGKONG_POST_LIMITS }],
    clock,
    random: () => 0.5,
    cache: createMemoryCache(clock),
    counters: counterStoreOn(createMemoryCache(clock)),
    logger,
  });
  const detector = createDetector();
  const tracking = createTrackingService({
    extractor: createExtractor({ matcher: detector.matcher }),
    detector,
    queue,
    enabledAdapters: new Set(['hongkong-post']),
  });
  const store = await memorySubscriptionStore();
  for (let i = 0; i < count; i++) {
    const number = `RB${String(i).padStart(9, '0')}HK`;
    const chat = telegramChat(i + 1);
    await store.add(
      subscriptionOf(chat, number),
      watchOf(number, [chatKey(chat)], {
        carrier: 'hongkong-post',
        adapter: 'hongkong-post',
        status: 'in_transit',
        subscribedAt: start,
        lastNewsAt: start,
        lastPolledAt: start,
        nextPollAt: dueAt(i, start),
      }),
      50,
    );
  }
  const poller = createParcelPoller({
    store,
    settings: chatSettingsOn(createMemoryCache(clock)),
    tracking,
    clock,
    random: () => 0.5,
    logger,
    budgets: adapterBudgets([{ id: 'hongkong-post', limits: HONGKONG_POST_LIMITS }]),
    locale: 'en',
    deliver: () => undefined,
  });
  /** Lets real time pass a second at a time, for `seconds`. */
  const pass = async (seconds: number) => {
    for (let s = 0; s < seconds; s++) await clock.advance(1000);
  };
  const lookup = (number: string) =>
    queue.lookup(
      'hongkong-post',
      { number: number as TrackingNumber, carrier: 'hongkong-post' },
      { priority: 'interactive', locale: 'en' },
    );
  return { clock, start, store, poller, requests, pass, lookup };
}

const itemsOf = (requests: readonly { items: number }[]) => requests.reduce((sum, r) => sum + r.items, 0);

describe('background polls in real time', () => {
  it('go out as full batches when numbers come due one by one, not one item per request', async () => {
    // 1,800 numbers due one a second for half an hour: each wakes the loop at its own time.
    const { poller, requests, pass, store } = await setUp(1800, (i, start) => start + 1000 + i * 1000);
    await poller.start();
    await pass(31 * 60);
    await poller.stop();
    expect(itemsOf(requests)).toBeGreaterThanOrEqual(1800);
    expect(itemsOf(requests) / requests.length).toBeGreaterThanOrEqual(25);
    await store.close();
  });

  it('never send more background requests than the budget spreads over the day, even with a backlog', async () => {
    // 3,000 numbers all due at once: Hongkong Post's budget is 80,000 requests a day, one per 1.08 s.
    const { poller, requests, pass, store, start } = await setUp(3000, (_i, s) => s);
    await poller.start();
    await pass(120);
    await poller.stop();
    const inTwoMinutes = requests.filter((r) => r.at < start + 120_000);
    expect(inTwoMinutes.length).toBeLessThanOrEqual(Math.ceil(120_000 / 1080) + 1);
    expect(inTwoMinutes.every((r) => r.items === 30)).toBe(true);
    await store.close();
  });

  it('answer a person first while background polls wait for their turn', async () => {
    const { poller, requests, pass, store, lookup, clock } = await setUp(3000, (_i, s) => s);
    await poller.start();
    await pass(10);
    const asked = clock.now();
    const answer = lookup('RB999999999HK');
    await clock.advance(200);
    await pass(2);
    expect((await answer).kind).toBe('found');
    // The request that carried the person's number, not any background batch sent meanwhile.
    const personal = requests.find((r) => r.numbers.includes('RB999999999HK'));
    expect(personal).toBeDefined();
    expect(personal && personal.at - asked).toBeLessThanOrEqual(1000);
    await poller.stop();
    await store.close();
  });
});
