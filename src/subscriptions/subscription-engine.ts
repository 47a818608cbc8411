import type { KeyedLock } from '../collections/keyed-lock.js';
import type { ChatRef, Platform } from '../domain/chat.js';
import { chatKey } from '../domain/chat.js';
import { chatTimeZone, type Locale } from '../domain/locale.js';
import type { NotificationChannel } from '../domain/notification-channel.js';
import type { Logger } from '../logger.js';
import { createNotifier } from '../notify/notifier.js';
import type { CounterStore } from '../queue/counter-store.js';
import type { PollHold } from '../queue/poll-hold.js';
import type { Renderer } from '../render/renderer.js';
import type { View } from '../render/view.js';
import type { DueSchedule } from '../scheduler/due-schedule.js';
import type { ChatSettingsStore } from '../store/chat-settings.js';
import type { Clock } from '../time/clock.js';
import type { TrackingService } from '../tracking/tracking-service.js';
import { digestClaimOn } from './news/digest-claim.js';
import { subscriptionOutbox } from './news/subscription-outbox.js';
import type { AdapterBudget } from './polling/budget.js';
import { createParcelPoller } from './polling/parcel-poller.js';
import type { SubscriptionStore } from './store/subscription-store.js';
import { createSubscriptions, type SubscriptionLimits, type Subscriptions } from './subscriptions.js';

export interface SubscriptionEngineDeps {
  readonly store: SubscriptionStore;
  readonly counters: CounterStore;
  readonly tracking: TrackingService;
  readonly settings: ChatSettingsStore;
  readonly renderer: Renderer;
  readonly budgets: readonly AdapterBudget[];
  readonly clock: Clock;
  readonly random: () => number;
  readonly logger: Logger;
  readonly defaults: { readonly locale: Locale; readonly timeZone: string };
  readonly limits?: SubscriptionLimits;
  /** When each number is next polled (shared through Redis by several instances). @defaultValue in process */
  readonly schedule?: DueSchedule;
  /** Where due polls wait for a batch, per adapter; shared through Redis. @defaultValue in this process */
  readonly pollHoldOf?: (adapter: string) => PollHold;
  /** @defaultValue 5 000 ms */
  readonly batchWindowMs?: number;
  /**
   * Excludes instances sending one chat's notifications at once (the store's lock): one that starts
   * while another sends finds that notification sent. @defaultValue none: one process
   */
  readonly lock?: KeyedLock;
  /** First wait after a failed delivery (doubling). @defaultValue 5 000 ms */
  readonly retryMs?: number;
  /**
   * Resolves once the store is ready (`StoreBackend.ready`): what failed because the store was away
   * waits for it. @defaultValue resolves at once
   */
  readonly storeReady?: (signal: AbortSignal) => Promise<void>;
}

/** Subscriptions end to end: what the commands call, the poller that polls, the notifier that tells. */
export interface SubscriptionEngine {
  readonly subscriptions: Subscriptions;
  /** Lets the notifier write to a platform's chats (each front-end that can send unprompted offers one). */
  addChannel(channel: NotificationChannel): void;
  /**
   * Loads the schedule and sends what a crash left in the outbox. When the store fails it midway, it may
   * be called again: what was done is not done twice.
   */
  start(): Promise<void>;
  /** The chat's quiet hours changed (`/quiet`): what they held is sent now if they no longer hold it. */
  quietHoursChanged(chat: ChatRef): void;
  /**
   * Polls everything due now and waits until what it found is sent, with what quiet hours held whose end
   * has come (`postie demo`'s `/advance`, tests).
   */
  runDue(): Promise<number>;
  /** Resolves when no notification is waiting or being sent. */
  idle(): Promise<void>;
  /** Stops polling, then sending; what is unsent waits in the outbox for the next start. */
  stop(): Promise<void>;
}

export function createSubscriptionEngine(deps: SubscriptionEngineDeps): SubscriptionEngine {
  const channels = new Map<Platform, NotificationChannel>();
  const logger = deps.logger.child({ stage: 'subscriptions' });
  const viewOf = async (chat: ChatRef, subscribedLocale: Locale | undefined): Promise<View> => {
    const settings = await deps.settings.get(chatKey(chat));
    const locale = settings.locale ?? subscribedLocale ?? deps.defaults.locale;
    return {
      locale,
      timeZone: chatTimeZone(settings.timeZone, locale, deps.defaults.timeZone),
      now: deps.clock.now(),
      chatKind: chat.kind,
    };
  };
  const notifier = createNotifier({
    outbox: subscriptionOutbox(deps.store, deps.clock),
    channels,
    renderer: deps.renderer,
    viewOf,
    quietHoursOf: async (chat) => (await deps.settings.get(chatKey(chat))).quiet,
    clock: deps.clock,
    logger,
    ...(deps.batchWindowMs === undefined ? {} : { batchWindowMs: deps.batchWindowMs }),
    ...(deps.retryMs === undefined ? {} : { retryMs: deps.retryMs }),
    ...(deps.storeReady ? { storeReady: deps.storeReady } : {}),
    claimDigest: digestClaimOn(deps.counters),
    ...(deps.lock ? { lock: deps.lock } : {}),
  });
  const poller = createParcelPoller({
    store: deps.store,
    settings: deps.settings,
    tracking: deps.tracking,
    clock: deps.clock,
    random: deps.random,
    logger,
    budgets: deps.budgets,
    locale: deps.defaults.locale,
    // The one hand-off from news to delivery.
    deliver: (chat, number) => notifier.notify(chat, [number]),
    ...(deps.schedule ? { schedule: deps.schedule } : {}),
    ...(deps.pollHoldOf ? { pollHoldOf: deps.pollHoldOf } : {}),
    ...(deps.storeReady ? { storeReady: deps.storeReady } : {}),
  });
  const subscriptions = createSubscriptions({
    store: deps.store,
    counters: deps.counters,
    schedule: (watch) => poller.schedule(watch),
    clock: deps.clock,
    random: deps.random,
    ...(deps.limits ? { limits: deps.limits } : {}),
  });

  let polling = false;
  return {
    subscriptions,
    addChannel: (channel) => void channels.set(channel.platform, channel),
    async start() {
      if (!polling) {
        await poller.start();
        polling = true;
      }
      await notifier.start();
    },
    quietHoursChanged: (chat) => notifier.release(chatKey(chat)),
    async runDue() {
      const polled = await poller.runDue();
      notifier.releaseDue();
      await notifier.idle();
      return polled;
    },
    idle: () => notifier.idle(),
    async stop() {
      await poller.stop();
      await notifier.stop();
    },
  };
}
