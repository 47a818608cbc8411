import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import { chatSettingsOn } from '../../src/store/chat-settings.js';
import { takeCensus } from '../../src/subscriptions/census.js';
import { quietNowOn } from '../../src/subscriptions/news/quiet-now.js';
import type { SubscriptionRecord, WatchRecord } from '../../src/subscriptions/subscription-records.js';
import { createManualClock } from '../../src/time/manual-clock.js';

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

  it('counts what quiet hours hold as waiting, but not as the oldest: it waits by choice, not stuck', async () => {
    // NOW is 08:00 in Hong Kong, 00:00 in UTC.
    const settings = chatSettingsOn(createMemoryCache(createManualClock(NOW)));
    const quietChat = { platform: 'telegram', id: '2', kind: 'private' } as const;
    await settings.update('telegram:2', { quiet: { from: 22 * 60, to: 9 * 60, urgent: false } });
    const held = {
      ...subscription('active', NOW - 8 * 3_600_000),
      chat: quietChat,
      locale: 'zh-HK' as const,
    };
    const census = (defaults: { locale: 'en'; timeZone: string }) =>
      takeCensus(
        {
          subscriptions: () => each([subscription('active', NOW - 60_000), held]),
          watches: () => each([]),
        },
        NOW,
        quietNowOn(settings, defaults),
      );
    // Its language puts the chat in Hong Kong, whatever the default zone.
    expect(await census({ locale: 'en', timeZone: 'UTC' })).toMatchObject({
      outboxPending: 2,
      outboxOldestAt: NOW - 60_000,
    });
    // In UTC with quiet hours 09:00–22:00 it is outside them at 00:00: then it is the oldest.
    await settings.update('telegram:2', {
      timeZone: 'UTC',
      quiet: { from: 9 * 60, to: 22 * 60, urgent: false },
    });
    expect(await census({ locale: 'en', timeZone: 'UTC' })).toMatchObject({
      outboxPending: 2,
      outboxOldestAt: NOW - 8 * 3_600_000,
    });
  });
});
