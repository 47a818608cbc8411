import type { ChatRef } from '../domain/chat.js';
import { chatKey } from '../domain/chat.js';
import type { Locale } from '../domain/locale.js';
import type { TrackingNumber } from '../domain/tracking-number.js';
import type { CounterStore } from '../queue/counter-store.js';
import type { Clock } from '../time/clock.js';
import type { TrackResult } from '../tracking/tracking-service.js';
import { nextStep } from './polling/cadence.js';
import type { AddResult } from './store/chat-changes.js';
import type { ChatParcel, SubscriptionStore } from './store/subscription-store.js';
import type { PollStatus, SubscriptionRecord, WatchRecord } from './subscription-records.js';

/** How many parcels a chat may follow at once, and a user may start following a day. */
export interface SubscriptionLimits {
  /** @defaultValue 50 */
  readonly perChat: number;
  /** @defaultValue 100 */
  readonly perUserPerDay: number;
}

const DEFAULT_SUBSCRIPTION_LIMITS: SubscriptionLimits = { perChat: 50, perUserPerDay: 100 };

interface SubscribeRequest {
  readonly chat: ChatRef;
  /** Who asked (the per-user daily limit), as the platform names them. */
  readonly user?: string;
  readonly number: TrackingNumber;
  readonly label?: string;
  /** The language the chat is answered in now. */
  readonly locale: Locale;
  /** The answer the chat is shown as it subscribes: its events are not news, its status starts the schedule. */
  readonly current?: TrackResult;
}

type SubscribeResult = AddResult | 'daily_limit';

/** What the chat commands ask of subscriptions. */
export interface Subscriptions {
  subscribe(request: SubscribeRequest): Promise<SubscribeResult>;
  unsubscribe(chat: ChatRef, number: string): Promise<boolean>;
  unsubscribeAll(chat: ChatRef): Promise<number>;
  /**
   * The chat heard a stall alert and goes on following `number`: the stall is marked kept (it alerts no
   * more; the carrier's next news ends it). Resolves with whether the chat follows the number.
   */
  keepFollowing(chat: ChatRef, number: string): Promise<boolean>;
  /** The chat's active subscriptions, in the order they were made. */
  list(chat: ChatRef): Promise<readonly ChatParcel[]>;
  has(chat: ChatRef, number: string): Promise<boolean>;
}

export interface SubscriptionsDeps {
  readonly store: SubscriptionStore;
  /** Per-user daily counts (shared by instances on Redis). */
  readonly counters: CounterStore;
  /** Hands a new or revived watch to the parcel poller. */
  readonly schedule: (watch: WatchRecord) => Promise<void> | void;
  readonly clock: Clock;
  readonly random: () => number;
  readonly limits?: SubscriptionLimits;
}

const DAY_MS = 86_400_000;

/**
 * Subscribing: the chat's limit (active subscriptions) and the user's (new ones per UTC day), the
 * record with the events the chat has just been shown marked as told, and the number's watch with its
 * first poll soon after. Resolves only once the store has it all: then the user may be told.
 */
export function createSubscriptions(deps: SubscriptionsDeps): Subscriptions {
  const limits = deps.limits ?? DEFAULT_SUBSCRIPTION_LIMITS;
  const dailyKey = (chat: ChatRef, user: string, now: number) =>
    `subscribe:${chat.platform}:${user}:${Math.floor(now / DAY_MS)}`;

  return {
    async subscribe(request) {
      const now = deps.clock.now();
      const { chat, user, current } = request;
      if (user && (await deps.counters.get(dailyKey(chat, user, now))) >= limits.perUserPerDay) {
        return 'daily_limit';
      }
      const shipment = current?.outcome.kind === 'found' ? current.outcome.shipment : undefined;
      const status: PollStatus | undefined = shipment
        ? shipment.status
        : current?.outcome.kind === 'not_found'
          ? 'not_found'
          : undefined;
      const subscription: SubscriptionRecord = {
        v: 1,
        chat,
        number: request.number,
        ...(request.label ? { label: request.label } : {}),
        ...(user ? { user } : {}),
        locale: request.locale,
        createdAt: now,
        state: 'active',
        told: shipment?.events.map((e) => e.key) ?? [],
        ...(status ? { toldStatus: status } : {}),
        ...(shipment?.estimatedDelivery ? { toldEstimate: shipment.estimatedDelivery } : {}),
      };
      const schedule = { phase: 'following', subscribedAt: now, lastNewsAt: now, quietPolls: 0 } as const;
      // The first poll comes soon whatever the status: the chat just saw the timeline and wants to know it works.
      const first = nextStep(schedule, now, deps.random);
      const watch: WatchRecord = {
        v: 1,
        number: request.number,
        ...(current?.carrier && current.carrier !== 'unknown' ? { carrier: current.carrier } : {}),
        ...(current?.adapter ? { adapter: current.adapter } : {}),
        chats: [chatKey(chat)],
        ...(status ? { status } : {}),
        ...(shipment?.events[0] ? { lastEvent: shipment.events[0] } : {}),
        ...schedule,
        nextPollAt: first.kind === 'poll' ? first.at : now,
      };
      const added = await deps.store.add(subscription, watch, limits.perChat);
      if (added.result === 'added' || added.result === 'revived') {
        if (added.watch) await deps.schedule(added.watch);
        if (user) await deps.counters.increment(dailyKey(chat, user, now), 1, 2 * DAY_MS);
      }
      return added.result;
    },
    unsubscribe: (chat, number) => deps.store.remove(chat, number),
    unsubscribeAll: (chat) => deps.store.removeAll(chat),
    async keepFollowing(chat, number) {
      const now = deps.clock.now();
      const kept = await deps.store.updateSubscription(chatKey(chat), number, (s) =>
        s.state === 'active' && s.stall ? { ...s, stall: { ...s.stall, keptAt: now } } : s,
      );
      return kept?.state === 'active';
    },
    list: async (chat) => (await deps.store.list(chat)).filter((p) => p.subscription.state === 'active'),
    has: async (chat, number) => (await deps.store.subscription(chatKey(chat), number))?.state === 'active',
  };
}
