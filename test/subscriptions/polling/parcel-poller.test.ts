import { describe, expect, it, vi } from 'vitest';
import { createMemoryCache } from '../../../src/cache/memory-cache.js';
import { chatKey } from '../../../src/domain/chat.js';
import type { TrackingNumber } from '../../../src/domain/tracking-number.js';
import { createInProcessSchedule, type DueSchedule } from '../../../src/scheduler/due-schedule.js';
import { chatSettingsOn } from '../../../src/store/chat-settings.js';
import { hours, minutes } from '../../../src/subscriptions/polling/cadence-table.js';
import { createParcelPoller } from '../../../src/subscriptions/polling/parcel-poller.js';
import { createManualClock } from '../../../src/time/manual-clock.js';
import type { TrackingService, TrackResult } from '../../../src/tracking/tracking-service.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { memorySubscriptionStore } from '../../helpers/memory-subscription-store.js';
import { subscriptionOf, telegramChat, watchOf } from '../subscription-fixtures.js';
import { quietCarrier } from './quiet-carrier.js';

async function setUp(count: number, budgetItemsPerDay: number, schedule?: DueSchedule) {
  const clock = createManualClock();
  const store = await memorySubscriptionStore();
  const { logger, lines } = captureLogger('info');
  const carrier = quietCarrier();
  const numbers = Array.from({ length: count }, (_, i) => `RB${String(i).padStart(9, '0')}HK`);
  for (const [i, n] of numbers.entries()) {
    const chat = telegramChat(i + 1);
    await store.add(
      subscriptionOf(chat, n),
      watchOf(n, [chatKey(chat)], {
        carrier: 'hongkong-post',
        adapter: 'hongkong-post',
        status: 'in_transit',
        subscribedAt: clock.now(),
        lastNewsAt: clock.now(),
        nextPollAt: clock.now() + hours(1),
      }),
      50,
    );
  }
  const poller = createParcelPoller({
    store,
    settings: chatSettingsOn(createMemoryCache(clock)),
    tracking: carrier.tracking,
    clock,
    random: () => 0.5,
    logger,
    budgets: [
      {
        adapter: 'hongkong-post',
        itemsPerDay: budgetItemsPerDay,
        batchSize: 30,
        paceMs: 0,
        gatherMs: 0,
        floorMs: 0,
      },
    ],
    locale: 'en',
    deliver: () => undefined,
    ...(schedule ? { schedule } : {}),
  });
  /** Plans every watch without starting the poller's own loop: the tests call `runDue` themselves. */
  const planAll = async () => {
    for await (const watch of store.watches()) await poller.schedule(watch);
  };
  return { clock, store, poller, lines, numbers, planAll, ...carrier };
}

describe('the parcel poller', () => {
  it('polls due numbers once each, together, as background lookups, and plans the next by the table', async () => {
    const { clock, store, poller, calls, numbers, planAll } = await setUp(5, 1_000_000);
    await planAll();
    expect(await poller.runDue()).toBe(0);
    await clock.set(clock.now() + hours(1));
    expect(await poller.runDue()).toBe(5);
    expect(calls).toHaveLength(1);
    expect([...(calls[0]?.numbers ?? [])].sort()).toEqual(numbers);
    expect(calls[0]?.options).toMatchObject({ priority: 'background', carrier: 'hongkong-post' });
    // In transit with news within two days: every 15 minutes, halved as the budget has room to spare.
    const interval = async () => ((await store.watch(numbers[0] ?? ''))?.nextPollAt ?? 0) - clock.now();
    expect(await interval()).toBe(minutes(7.5));
    expect(await poller.runDue()).toBe(0);
    await clock.set(clock.now() + minutes(7.5));
    expect(await poller.runDue()).toBe(5);
    expect(await interval()).toBe(minutes(7.5));
    await poller.stop();
    await store.close();
  });

  it('polls what came due while a pass was finishing when asked again during it', async () => {
    const schedule = createInProcessSchedule();
    let gate: (() => void) | undefined;
    const claimDue = schedule.claimDue.bind(schedule);
    // The first claim finds nothing due and is slow to say so.
    schedule.claimDue = async (...args) => {
      const claimed = await claimDue(...args);
      if (!gate) await new Promise<void>((resolve) => (gate = resolve));
      return claimed;
    };
    const { clock, store, poller, planAll } = await setUp(1, 1_000_000, schedule);
    await planAll();
    const finishing = poller.runDue();
    await vi.waitFor(() => expect(gate).toBeDefined());
    await clock.set(clock.now() + hours(1));
    const asked = poller.runDue();
    gate?.();
    expect(await finishing).toBe(0);
    expect(await asked).toBe(1);
    await poller.stop();
    await store.close();
  });

  it('stretches every interval of a carrier over its budget by one factor and tells the operator', async () => {
    // 10 parcels in transit polled every 15 min want 960 items a day; the budget is 240: stretch 4.
    const { clock, store, poller, lines, numbers } = await setUp(10, 240);
    await poller.start();
    const warning = lines.find(
      (l) => l['msg'] === 'planned polls exceed the carrier budget: poll intervals stretched',
    );
    expect(warning).toMatchObject({ adapter: 'hongkong-post', stretch: 4 });
    await clock.set(clock.now() + hours(1));
    await poller.runDue();
    const intervals = await Promise.all(
      numbers.map(async (n) => ((await store.watch(n))?.nextPollAt ?? 0) - clock.now()),
    );
    expect(new Set(intervals)).toEqual(new Set([minutes(15) * 4]));
    expect(poller.demand().get('hongkong-post')).toBeCloseTo(10 * 96, 5);
    await poller.stop();
    await store.close();
  });

  it('counts in its demand only the numbers still followed, as they come and go', async () => {
    const { clock, store, poller, numbers, planAll } = await setUp(4, 1_000_000);
    await planAll();
    // New parcels are polled at the first step's pace; after a poll in transit, every 15 min (96 a day).
    const firstPace = poller.demand().get('hongkong-post') ?? 0;
    expect(firstPace).toBeGreaterThan(0);
    for (const n of numbers.slice(0, 3)) await store.remove(telegramChat(numbers.indexOf(n) + 1), n);
    await clock.set(clock.now() + hours(1));
    expect(await poller.runDue()).toBe(4);
    expect(poller.demand().get('hongkong-post')).toBeCloseTo(96, 5);
    await poller.stop();
    await store.close();
  });

  it('hands each chat with news to delivery once per poll, and each chat told that following ends', async () => {
    const clock = createManualClock();
    const store = await memorySubscriptionStore();
    const { logger } = captureLogger('info');
    const chats = [telegramChat(1), telegramChat(2, 'group')];
    const followed = async (number: string, extra: Parameters<typeof watchOf>[2]) => {
      for (const chat of chats) {
        await store.add(subscriptionOf(chat, number), watchOf(number, [chatKey(chat)], extra), 50);
      }
    };
    // One parcel with a first scan; one the carrier has had no record of for six days.
    await followed('MOVED', { nextPollAt: clock.now() });
    const sixDaysAgo = clock.now() - hours(6 * 24);
    await followed('NEVER', {
      status: 'not_found',
      subscribedAt: sixDaysAgo,
      lastNewsAt: sixDaysAgo,
      lastPolledAt: clock.now() - hours(12),
      nextPollAt: clock.now(),
    });
    const time = '2026-01-01T00:00:00Z';
    const tracking: TrackingService = {
      trackText: async () => ({ results: [], capped: false, withheld: 0 }),
      trackNumbers: async (numbers) =>
        numbers.map(
          (n): TrackResult => ({
            input: n,
            number: n as TrackingNumber,
            carrier: 'hongkong-post',
            adapter: 'hongkong-post',
            candidates: [],
            outcome:
              n === 'MOVED'
                ? {
                    kind: 'found',
                    shipment: {
                      number: n as TrackingNumber,
                      carrier: 'hongkong-post',
                      adapter: 'hongkong-post',
                      status: 'in_transit',
                      events: [
                        { key: 'scan-1', time, description: { text: 'Posted' }, status: 'in_transit' },
                      ],
                      fetchedAt: time,
                    },
                  }
                : { kind: 'not_found', reason: 'no_record' },
          }),
        ),
    };
    const handedOver: string[] = [];
    const poller = createParcelPoller({
      store,
      settings: chatSettingsOn(createMemoryCache(clock)),
      tracking,
      clock,
      random: () => 0.5,
      logger,
      budgets: [],
      locale: 'en',
      deliver: (chat, number) => void handedOver.push(`${chat} ${number}`),
    });
    for await (const watch of store.watches()) await poller.schedule(watch);
    expect(await poller.runDue()).toBe(2);
    expect(handedOver.sort()).toEqual(
      ['MOVED', 'NEVER'].flatMap((n) => chats.map((chat) => `${chatKey(chat)} ${n}`)).sort(),
    );
    expect(await store.watch('NEVER')).toBeUndefined();
    await poller.stop();
    await store.close();
  });
});
