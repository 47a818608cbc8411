import type { DeliveryEstimate, Shipment } from '../../domain/shipment.js';
import type { ChatSettingsStore, UpdateLevel } from '../../store/chat-settings.js';
import type { SubscriptionStore } from '../store/subscription-store.js';
import type {
  PendingNotification,
  PollStatus,
  SubscriptionRecord,
  WatchRecord,
} from '../subscription-records.js';
import { estimateNews, findNews, type News } from './diff.js';
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
      const news = newsFor(s, shipment, level, now);
      if (s.state !== 'active' || (news.fresh.length === 0 && news.estimate === undefined)) return s;
      // News ends a stall: a later one alerts again.
      const { stall: _ended, ...rest } = s;
      if (!news.send) return { ...rest, told: [...news.told] };
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
    const level = (await deps.settings.get(chat)).updates ?? 'events';
    const first = newsFor(current, shipment, level, now);
    // Nothing to write: no new event, and no estimate worth a message by itself at this level.
    if (first.fresh.length === 0 && !first.send) return;
    if (first.send) await deps.store.markOutbox(chat, watch.number);
    const updated = await deps.store.updateSubscription(chat, watch.number, (s) => {
      const news = newsFor(s, shipment, level, now);
      if (s.state !== 'active' || (news.fresh.length === 0 && !news.send)) return s;
      // News ends a stall: a later one alerts again.
      const { stall: _ended, ...rest } = s;
      if (!news.send) return { ...rest, told: [...news.told] };
      return {
        ...rest,
        told: [...news.told],
        toldStatus: shipment.status,
        ...(news.estimate ? { toldEstimate: news.estimate } : {}),
        pending: joinPending(s.pending, chat, watch.number, news, shipment.status, now),
      };
    });
    if (updated?.pending) deps.deliver(chat, watch.number);
  };
  await inParallel(watch.chats, FAN_OUT_CONCURRENCY, recordFor);
}

interface ChatNews extends News {
  /** The carrier's expected delivery, when it changed since the chat was last shown one. */
  readonly estimate: DeliveryEstimate | undefined;
  /** Whether this is worth a message at the chat's level. */
  readonly send: boolean;
}

/**
 * What a poll tells one chat, by its `/updates` level: `events` (the default) hears every new event,
 * `milestones` only events that change the status, `all` every event and also a changed estimate on its
 * own. At the other levels a changed estimate is not worth a message by itself: it rides with the next
 * one sent.
 */
function newsFor(s: SubscriptionRecord, shipment: Shipment, level: UpdateLevel, now: number): ChatNews {
  const news = findNews(s.told, shipment.events);
  const estimate = estimateNews(s.toldEstimate, shipment.estimatedDelivery, now);
  const statusChanged = shipment.status !== (s.pending?.status ?? s.toldStatus);
  const eventsWorthIt = news.fresh.length > 0 && (level !== 'milestones' || statusChanged);
  return { ...news, estimate, send: eventsWorthIt || (estimate !== undefined && level === 'all') };
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
  news: ChatNews,
  status: PollStatus,
  now: number,
): PendingNotification {
  const estimate = news.estimate ?? earlier?.estimate;
  const withEstimate = estimate ? { estimate } : {};
  // A stall alert not yet sent is overtaken by the news: the news goes instead, under an id of its own.
  if (earlier && earlier.kind !== 'stalled') {
    return {
      ...earlier,
      kind: 'events',
      events: [...news.fresh, ...earlier.events],
      status,
      ...withEstimate,
    };
  }
  return {
    id: pendingId(chat, number, now),
    kind: 'events',
    events: [...news.fresh],
    status,
    ...withEstimate,
    since: now,
  };
}

/** Runs `work` on every item, at most `limit` at a time, in order of start. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
