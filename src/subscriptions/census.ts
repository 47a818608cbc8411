import { chatKey } from '../domain/chat.js';
import type { SubscriptionCensus } from '../domain/status-report.js';
import type { SubscriptionStore } from './store/subscription-store.js';
import type { SubscriptionRecord } from './subscription-records.js';

/** Whether the chat's quiet hours hold its notifications at `now` (`news/quiet-now.ts`). */
export type QuietNow = (subscription: SubscriptionRecord, now: number) => Promise<boolean>;

/**
 * Counts what the store holds, for the status views and the metrics: subscriptions by state, the
 * numbers followed, the outbox (notifications recorded and not yet sent, and the oldest), and the polls
 * whose time has come. One scan of the subscriptions and one of the watches: read it every few seconds
 * at most (`ops/` keeps it for a while), not per request. What a chat's quiet hours hold (`quietNow`,
 * asked once per chat with something waiting) is counted as waiting but is not the oldest: it waits by
 * choice, not stuck.
 */
export async function takeCensus(
  store: Pick<SubscriptionStore, 'subscriptions' | 'watches'>,
  now: number,
  quietNow?: QuietNow,
): Promise<SubscriptionCensus> {
  const quietChats = new Map<string, Promise<boolean>>();
  const isQuiet = (subscription: SubscriptionRecord) => {
    if (!quietNow) return false;
    const key = chatKey(subscription.chat);
    let quiet = quietChats.get(key);
    if (!quiet) {
      quiet = quietNow(subscription, now).catch(() => false);
      quietChats.set(key, quiet);
    }
    return quiet;
  };
  const states = { active: 0, expired: 0, inactive: 0 };
  let outboxPending = 0;
  let outboxOldestAt: number | undefined;
  for await (const subscription of store.subscriptions()) {
    states[subscription.state] += 1;
    const since = subscription.pending?.since;
    if (since === undefined) continue;
    outboxPending += 1;
    if (await isQuiet(subscription)) continue;
    outboxOldestAt = Math.min(outboxOldestAt ?? since, since);
  }
  let watched = 0;
  let pollsDue = 0;
  let oldestDueAt: number | undefined;
  let lastPolledAt: number | undefined;
  for await (const watch of store.watches()) {
    watched += 1;
    if (watch.lastPolledAt !== undefined) lastPolledAt = Math.max(lastPolledAt ?? 0, watch.lastPolledAt);
    if (watch.nextPollAt > now) continue;
    pollsDue += 1;
    oldestDueAt = Math.min(oldestDueAt ?? watch.nextPollAt, watch.nextPollAt);
  }
  return {
    ...states,
    watched,
    outboxPending,
    ...(outboxOldestAt === undefined ? {} : { outboxOldestAt }),
    pollsDue,
    ...(oldestDueAt === undefined ? {} : { oldestDueAt }),
    ...(lastPolledAt === undefined ? {} : { lastPolledAt }),
  };
}
