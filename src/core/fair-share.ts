import { type ChatRef, chatKey, type UserRef } from '../domain/chat.js';
import type { CounterStore } from '../queue/counter-store.js';

/**
 * How many numbers people may have looked up (interactive lookups: messages, `/track`, buttons,
 * `/subscribe`), per person across every chat and per chat across its members. Every carrier's quota is
 * shared by everyone (Hongkong Post's 100,000 requests a day, TrackingMore's paid calls): one person
 * sending a hundred numbers a second must not spend it for the rest. Background polls have their own
 * budget (`subscriptions/polling/budget.ts`).
 */
export interface FairShareLimits {
  /** @defaultValue 30: one message of 20 numbers (the most one message may ask) and some Refresh presses */
  readonly perUserPerMinute: number;
  /** @defaultValue 500 */
  readonly perUserPerDay: number;
  /** A group's members together. @defaultValue 60 */
  readonly perChatPerMinute: number;
  /** @defaultValue 2 000 */
  readonly perChatPerDay: number;
}

export const DEFAULT_FAIR_SHARE: FairShareLimits = {
  perUserPerMinute: 30,
  perUserPerDay: 500,
  perChatPerMinute: 60,
  perChatPerDay: 2_000,
};

/** What a request for lookups got: `granted` of those asked, and when fewer, which share ran out and when it refills. */
interface Grant {
  readonly granted: number;
  readonly limited?: { readonly period: 'minute' | 'day'; readonly retryAfterMs: number };
}

export interface FairShare {
  /** Takes up to `wanted` lookups from the person's and the chat's shares at `now` (epoch ms). */
  take(chat: ChatRef, user: UserRef, wanted: number, now: number): Promise<Grant>;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * Shares counted on a `CounterStore` (Redis when instances share it, so they count together and a
 * restart forgets nothing), in calendar buckets: the minute, and the day in UTC. A bucket is simpler and
 * cheaper than a sliding log (one counter per person and period), at the price of up to twice a
 * minute's share across a minute's boundary. What is asked is counted first and what could not be
 * granted is given back, so concurrent requests (several instances) never grant more than the share.
 */
export function createFairShare(
  counters: CounterStore,
  limits: FairShareLimits = DEFAULT_FAIR_SHARE,
): FairShare {
  return {
    async take(chat, user, wanted, now) {
      if (wanted <= 0) return { granted: 0 };
      const minute = Math.floor(now / MINUTE_MS);
      const day = Math.floor(now / DAY_MS);
      const person = `${chat.platform}:${user.id}`;
      const buckets = [
        { key: `lookups:user:${person}:minute:${minute}`, limit: limits.perUserPerMinute, period: 'minute' },
        { key: `lookups:user:${person}:day:${day}`, limit: limits.perUserPerDay, period: 'day' },
        {
          key: `lookups:chat:${chatKey(chat)}:minute:${minute}`,
          limit: limits.perChatPerMinute,
          period: 'minute',
        },
        { key: `lookups:chat:${chatKey(chat)}:day:${day}`, limit: limits.perChatPerDay, period: 'day' },
      ] as const;
      const ttlMs = (period: 'minute' | 'day') => (period === 'minute' ? 2 * MINUTE_MS : 2 * DAY_MS);
      const counts = await Promise.all(
        buckets.map((b) => counters.increment(b.key, wanted, ttlMs(b.period))),
      );
      const room = buckets.map((b, i) =>
        Math.max(0, Math.min(wanted, b.limit - ((counts[i] as number) - wanted))),
      );
      const granted = Math.min(...room);
      if (granted === wanted) return { granted };
      await Promise.all(buckets.map((b) => counters.increment(b.key, granted - wanted, ttlMs(b.period))));
      // The share that ran out; a day's outlasts a minute's.
      const short = buckets.filter((_, i) => room[i] === granted);
      const period = short.some((b) => b.period === 'day') ? 'day' : 'minute';
      const refill = period === 'day' ? (day + 1) * DAY_MS : (minute + 1) * MINUTE_MS;
      return { granted, limited: { period, retryAfterMs: refill - now } };
    },
  };
}
