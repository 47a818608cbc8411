import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../../src/cache/memory-cache.js';
import { chatKey } from '../../../src/domain/chat.js';
import type { DeliveryEstimate, Shipment } from '../../../src/domain/shipment.js';
import type { TrackingNumber } from '../../../src/domain/tracking-number.js';
import { chatSettingsOn } from '../../../src/store/chat-settings.js';
import { recordNews } from '../../../src/subscriptions/news/record-news.js';
import { subscriptionOutbox } from '../../../src/subscriptions/news/subscription-outbox.js';
import { createManualClock } from '../../../src/time/manual-clock.js';
import { memorySubscriptionStore } from '../../helpers/memory-subscription-store.js';
import { subscriptionOf, telegramChat, watchOf } from '../subscription-fixtures.js';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const tuesday: DeliveryEstimate = { from: '2026-12-08T00:00:00+13:00', to: '2026-12-09T00:00:00+13:00' };
const wednesday: DeliveryEstimate = { from: '2026-12-09T00:00:00+13:00', to: '2026-12-10T00:00:00+13:00' };
const thursday: DeliveryEstimate = { from: '2026-12-10T00:00:00+13:00', to: '2026-12-11T00:00:00+13:00' };

const shipment = (estimate: DeliveryEstimate | undefined): Shipment => ({
  number: 'N1' as TrackingNumber,
  carrier: 'nz-post',
  adapter: 'nz-post',
  status: 'in_transit',
  events: [],
  ...(estimate ? { estimatedDelivery: estimate } : {}),
  fetchedAt: new Date(NOW).toISOString(),
});

async function rig(level: 'all' | 'events' | 'milestones' | undefined) {
  const clock = createManualClock(NOW);
  const store = await memorySubscriptionStore();
  const chat = telegramChat(7);
  const key = chatKey(chat);
  await store.add(subscriptionOf(chat, 'N1', { toldEstimate: tuesday }), watchOf('N1', [key]), 50);
  const settings = chatSettingsOn(createMemoryCache(clock));
  if (level) await settings.update(key, { updates: level });
  const delivered: string[] = [];
  const deps = { store, settings, deliver: (c: string) => delivered.push(c) };
  const poll = async (estimate: DeliveryEstimate | undefined) =>
    recordNews(deps, (await store.watch('N1')) ?? watchOf('N1', []), shipment(estimate), clock.now());
  return { store, key, delivered, poll, outbox: subscriptionOutbox(store, clock) };
}

describe('a changed estimate with no new event', () => {
  it('is a notification of its own at /updates all, showing the new estimate', async () => {
    const { store, key, delivered, poll, outbox } = await rig('all');
    await poll(wednesday);
    expect(delivered).toEqual([key]);
    const waiting = await outbox.waiting(key, 'N1');
    expect(waiting?.item).toMatchObject({ kind: 'events', events: [], estimate: wednesday });
    expect((await store.subscription(key, 'N1'))?.toldEstimate).toEqual(wednesday);
    await store.close();
  });

  it.each([
    ['events (the default)', undefined],
    ['milestones', 'milestones'],
  ] as const)('is nothing to send at %s, and stays untold for the next message', async (_level, level) => {
    const { store, key, delivered, poll } = await rig(level);
    await poll(wednesday);
    expect(delivered).toEqual([]);
    const record = await store.subscription(key, 'N1');
    expect(record?.pending).toBeUndefined();
    expect(record?.toldEstimate).toEqual(tuesday);
    await store.close();
  });

  it('is nothing when it is the same span, or withdrawn', async () => {
    const { store, delivered, poll } = await rig('all');
    await poll({ from: '2026-12-07T11:00:00Z', to: '2026-12-08T11:00:00Z' });
    await poll(undefined);
    expect(delivered).toEqual([]);
    await store.close();
  });

  it('stays waiting when a newer one comes while the last is being sent', async () => {
    const { store, key, poll, outbox } = await rig('all');
    await poll(wednesday);
    const sending = await outbox.waiting(key, 'N1');
    await poll(thursday);
    expect(sending && (await outbox.settle(key, sending))).toBe(true);
    expect((await outbox.waiting(key, 'N1'))?.item.estimate).toEqual(thursday);
    const last = await outbox.waiting(key, 'N1');
    expect(last && (await outbox.settle(key, last))).toBe(false);
    expect((await store.subscription(key, 'N1'))?.pending).toBeUndefined();
    await store.close();
  });
});
