import type { Shipment } from '../../domain/shipment.js';
import { stallDeadline } from '../stall/stall-deadline.js';
import type { SubscriptionStore } from '../store/subscription-store.js';
import type { SubscriptionRecord, WatchRecord } from '../subscription-records.js';
import { pendingId } from './pending-id.js';

export interface StallRecorderDeps {
  readonly store: SubscriptionStore;
  /** The hand-off to the notifier, as for news. */
  readonly deliver: (chat: string, number: string) => void;
}

/**
 * After a poll that found `shipment` quiet past its stall deadline (`stall/stall-deadline.ts`), each chat
 * following it that has not been alerted to this stall gets one alert: recorded in its subscription
 * (the alert as its pending notification, and the stall as alerted) together with the outbox mark, in
 * one write, then handed to `deliver`. Once per stall: a chat alerted keeps its `stall` until the carrier
 * has news for it (`record-news.ts` clears it), whatever the polls and restarts in between. A chat with a
 * notification still waiting is left for a later poll: the stall is not mixed into other news.
 * Resolves with how many chats were alerted.
 */
export async function recordStall(
  deps: StallRecorderDeps,
  watch: WatchRecord,
  shipment: Shipment,
  now: number,
): Promise<number> {
  if (watch.phase !== 'following') return 0;
  const deadline = stallDeadline(shipment, watch.lastNewsAt);
  if (!deadline || now < deadline.at) return 0;
  const last = shipment.events[0];
  const carrier = watch.carrier ?? shipment.carrier;
  let alerted = 0;
  for (const chat of watch.chats) {
    const alert = (s: SubscriptionRecord): SubscriptionRecord =>
      s.state !== 'active' || s.stall || s.pending
        ? s
        : {
            ...s,
            stall: { since: deadline.since, alertedAt: now },
            pending: {
              id: pendingId(chat, watch.number, now),
              kind: 'stalled',
              events: [],
              status: shipment.status,
              since: now,
              quietSince: deadline.since,
              ...(carrier ? { carrier } : {}),
              ...(last ? { lastEvent: last } : {}),
            },
          };
    const before = await deps.store.subscription(chat, watch.number);
    if (!before || alert(before) === before) continue;
    let recorded = false;
    await deps.store.recordNotification(chat, watch.number, (s) => {
      const next = alert(s);
      recorded = next !== s;
      return next;
    });
    if (!recorded) continue;
    alerted++;
    deps.deliver(chat, watch.number);
  }
  return alerted;
}
