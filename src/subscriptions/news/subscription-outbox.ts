import type { Outbox, WaitingNotification } from '../../notify/outbox.js';
import type { Clock } from '../../time/clock.js';
import type { SubscriptionStore } from '../store/subscription-store.js';
import type { PendingNotification, SubscriptionRecord } from '../subscription-records.js';
import { sameEstimate } from './diff.js';
import { pendingId } from './pending-id.js';

/**
 * The outbox the notifier sends from: each subscription's `pending` notification (recorded by
 * `record-news.ts`) behind the store's outbox marks. Settling clears what was sent; events (or a newer
 * estimate) recorded while it was being sent stay pending under a new id, and a chat that cannot be
 * written to any more has its subscriptions deactivated.
 */
export function subscriptionOutbox(store: SubscriptionStore, clock: Clock): Outbox {
  return {
    marked: () => store.outbox(),
    numbersOf: (chat) => store.numbers(chat),

    async waiting(chat, number) {
      const subscription = await store.subscription(chat, number);
      return subscription?.pending ? waitingOf(subscription, subscription.pending) : undefined;
    },

    async settle(chat, delivered) {
      const { number } = delivered.item;
      const now = clock.now();
      const after = await store.updateSubscription(chat, number, (s) => {
        if (!s.pending || s.pending.id !== delivered.id) return s;
        const extra = s.pending.events.length - delivered.item.events.length;
        const newEstimate =
          s.pending.estimate !== undefined && !sameEstimate(s.pending.estimate, delivered.item.estimate);
        if (extra <= 0 && s.pending.kind === delivered.item.kind && !newEstimate) {
          const { pending: _sent, ...rest } = s;
          return rest;
        }
        // What stays is what was recorded while sending: the newer events, and the estimate if it changed.
        const { estimate, ...unsent } = s.pending;
        return {
          ...s,
          pending: {
            ...unsent,
            id: pendingId(chat, number, now),
            events: s.pending.events.slice(0, Math.max(0, extra)),
            ...(newEstimate ? { estimate } : {}),
            since: now,
          },
        };
      });
      return after?.pending !== undefined;
    },

    clear: (chat, number) => store.clearOutbox(chat, number),
    chatUnreachable: (chat) => store.deactivate(chat),
  };
}

function waitingOf(subscription: SubscriptionRecord, pending: PendingNotification): WaitingNotification {
  return {
    id: pending.id,
    chat: subscription.chat,
    locale: subscription.locale,
    since: pending.since,
    item: {
      number: subscription.number,
      ...(subscription.label ? { label: subscription.label } : {}),
      kind: pending.kind,
      status: pending.status,
      events: pending.events,
      ...(pending.quietSince === undefined ? {} : { quietSince: pending.quietSince }),
      ...(pending.carrier ? { carrier: pending.carrier } : {}),
      ...(pending.lastEvent ? { lastEvent: pending.lastEvent } : {}),
      ...(pending.estimate ? { estimate: pending.estimate } : {}),
    },
  };
}
