import { describe, expect, it } from 'vitest';
import { takeCensus } from '../../src/subscriptions/census.js';
import type { SubscriptionRecord, WatchRecord } from '../../src/subscriptions/subscription-records.js';

const NOW = Date.UTC(2026, 5, 1);
const chat = { platform: 'telegram', id: '1', kind: 'private' } as const;
const subscription = (state: SubscriptionRecord['state'], pendingSince?: number): SubscriptionRecord => ({
  v: 1,
  chat,
  number: 'RB000000014HK',
  createdAt: NOW - 1000,
  state,
  told: [],
  ...(pendingSince === undefined
    ? {}
    : { pending: { id: 'p', kind: 'events', events: [], status: 'in_transit', since: pendingSince } }),
});
const watch = (nextPollAt: number, lastPolledAt?: number): WatchRecord => ({
  v: 1,
  number: 'RB000000014HK',
  chats: ['telegram:1'],
  phase: 'following',
  subscribedAt: NOW - 1000,
  lastNewsAt: NOW - 1000,
  quietPolls: 0,
  nextPollAt,
  ...(lastPolledAt === undefined ? {} : { lastPolledAt }),
});
async function* each<T>(items: readonly T[]) {
  yield* items;
}

describe('takeCensus', () => {
  it('counts subscriptions by state, the outbox and its oldest, polls due and the most overdue', async () => {
    const census = await takeCensus(
      {
        subscriptions: () =>
          each([
            subscription('active', NOW - 60_000),
            subscription('active', NOW - 5_000),
            subscription('active'),
            subscription('expired'),
            subscription('inactive'),
          ]),
        watches: () =>
          each([watch(NOW - 30_000, NOW - 90_000), watch(NOW - 10_000), watch(NOW + 60_000, NOW - 1_000)]),
      },
      NOW,
    );
    expect(census).toEqual({
      active: 3,
      expired: 1,
      inactive: 1,
      watched: 3,
      outboxPending: 2,
      outboxOldestAt: NOW - 60_000,
      pollsDue: 2,
      oldestDueAt: NOW - 30_000,
      lastPolledAt: NOW - 1_000,
    });
  });

  it('is all zeros for an empty store, with no times', async () => {
    expect(await takeCensus({ subscriptions: () => each([]), watches: () => each([]) }, NOW)).toEqual({
      active: 0,
      expired: 0,
      inactive: 0,
      watched: 0,
      outboxPending: 0,
      pollsDue: 0,
    });
  });
});
