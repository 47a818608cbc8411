import type { Shipment, TrackingEvent } from '../../domain/shipment.js';
import type { ChatSettingsStore } from '../../store/chat-settings.js';
import type { SubscriptionStore } from '../store/subscription-store.js';
import type {
  PendingNotification,
  PollStatus,
  SubscriptionRecord,
  WatchRecord,
} from '../subscription-records.js';
import { findNews } from './diff.js';
import { pendingId } from './pending-id.js';

/**
 * The one hand-off from news to delivery (the notifier): called once for each chat, with the number, as
 * soon as a notification is recorded in its subscription, so sending starts before a large fan-out ends.
 */
type DeliverNews = (chat: string, number: string) => void;

export interface NewsRecorderDeps {
  readonly store: SubscriptionStore;
  readonly settings: ChatSettingsStore;
  readonly deliver: DeliverNews;
}

/** Chats whose records are written at once during a fan-out. @defaultValue 16 */
const FAN_OUT_CONCURRENCY = 16;

/**
 * Fan-out of one poll: for every chat following the number, the events it has not been told become a
 * pending notification in its subscription record (the durable outbox), joining one not yet sent. The
 * outbox mark is written before the record, so a crash in between leaves a mark the notifier clears,
 * never a notification it cannot find. A chat that hears only milestones has events that keep the
 * status marked as told without a message. News ends a stall the chat was alerted to (and replaces the
 * alert if it is not sent yet). Each chat with something to send is handed to `deliver`.
 */
export async function recordNews(
  deps: NewsRecorderDeps,
  watch: WatchRecord,
  shipment: Shipment,
  now: number,
): Promise<void> {
  const recordFor = async (chat: string) => {
    const current = await deps.store.subscription(chat, watch.number);
    if (current?.state !== 'active') return;
    if (findNews(current.told, shipment.events).fresh.length === 0) return;
    const milestonesOnly = (await deps.settings.get(chat)).updates === 'milestones';
    const tell = (s: SubscriptionRecord) =>
      !milestonesOnly || shipment.status !== (s.pending?.status ?? s.toldStatus);
    if (tell(current)) await deps.store.markOutbox(chat, watch.number);
    const updated = await deps.store.updateSubscription(chat, watch.number, (s) => {
      const news = findNews(s.told, shipment.events);
      if (s.state !== 'active' || news.fresh.length === 0) return s;
      // News ends a stall: a later one alerts again.
      const { stall: _ended, ...rest } = s;
      if (!tell(s)) return { ...rest, told: [...news.told] };
      return {
        ...rest,
        told: [...news.told],
        toldStatus: shipment.status,
        pending: joinPending(s.pending, chat, watch.number, news.fresh, shipment.status, now),
      };
    });
    if (updated?.pending) deps.deliver(chat, watch.number);
  };
  await inParallel(watch.chats, FAN_OUT_CONCURRENCY, recordFor);
}

/**
 * The end of following (`expired`: 30 days without news; `not_found`: five days without a record): every
 * active chat gets a notice with a way to follow again, handed to `deliver`, and its subscription is
 * kept as `expired`.
 */
export async function recordEnding(
  deps: NewsRecorderDeps,
  watch: WatchRecord,
  kind: 'expired' | 'not_found',
  now: number,
): Promise<void> {
  for (const chat of watch.chats) {
    await deps.store.markOutbox(chat, watch.number);
    const updated = await deps.store.updateSubscription(chat, watch.number, (s) =>
      s.state !== 'active'
        ? s
        : {
            ...s,
            state: 'expired',
            pending: {
              id: s.pending?.id ?? pendingId(chat, watch.number, now),
              kind,
              events: s.pending?.events ?? [],
              status: watch.status ?? 'pending',
              since: s.pending?.since ?? now,
            },
          },
    );
    if (updated?.pending) deps.deliver(chat, watch.number);
  }
}

function joinPending(
  earlier: PendingNotification | undefined,
  chat: string,
  number: string,
  fresh: readonly TrackingEvent[],
  status: PollStatus,
  now: number,
): PendingNotification {
  // A stall alert not yet sent is overtaken by the news: the news goes instead, under an id of its own.
  if (earlier && earlier.kind !== 'stalled')
    return { ...earlier, kind: 'events', events: [...fresh, ...earlier.events], status };
  return { id: pendingId(chat, number, now), kind: 'events', events: [...fresh], status, since: now };
}

/** Runs `work` on every item, at most `limit` at a time, in order of start. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
