import type { BotCore } from '../core/bot-core.js';
import { createBotCore } from '../core/bot-core.js';
import type { StatusAccess } from '../core/bot-core-deps.js';
import { createFairShare, type FairShareLimits } from '../core/fair-share.js';
import type { Locale } from '../domain/locale.js';
import type { Logger } from '../logger.js';
import { createRenderer } from '../render/create-renderer.js';
import { chatSettingsOn } from '../store/chat-settings.js';
import type { StoreBackend } from '../store/store-backend.js';
import type { QuietNow } from '../subscriptions/census.js';
import { quietNowOn } from '../subscriptions/news/quiet-now.js';
import { adapterBudgets } from '../subscriptions/polling/budget.js';
import { openSubscriptionStore } from '../subscriptions/store/open-subscription-store.js';
import type { SubscriptionStore } from '../subscriptions/store/subscription-store.js';
import { createSubscriptionEngine, type SubscriptionEngine } from '../subscriptions/subscription-engine.js';
import type { SubscriptionLimits } from '../subscriptions/subscriptions.js';
import type { Clock } from '../time/clock.js';
import type { Lookups } from './lookups.js';

export interface BotOptions {
  /** @defaultValue the configured DEFAULT_LOCALE and DEFAULT_TIMEZONE */
  readonly defaults?: { readonly locale: Locale; readonly timeZone: string };
  /** The subscriptions' randomness (poll jitter). @defaultValue Math.random */
  readonly random?: () => number;
  readonly limits?: SubscriptionLimits;
  /** Notifications for one chat within this window go out as one message. @defaultValue 5 000 ms */
  readonly batchWindowMs?: number;
  /** First wait after a failed delivery; it doubles up to 10 minutes. @defaultValue 5 000 ms */
  readonly notifyRetryMs?: number;
  /** Each person's and each chat's share of lookups, counted on the store. @defaultValue the configured LOOKUPS_* */
  readonly fairShare?: FairShareLimits;
  /** The share of each carrier's allowance background polls plan to use. @defaultValue 0.8 */
  readonly budgetShare?: number;
  /** Who may ask `/status`, and its report. @defaultValue no one */
  readonly status?: StatusAccess;
}

/** The bot people talk to, and the subscriptions that write to them unprompted. */
export interface Bot {
  /** What every front-end (Telegram, Discord, console) talks to. */
  readonly core: BotCore;
  /** Start it after the front-ends have offered their notification channels; stop it before closing the store. */
  readonly engine: SubscriptionEngine;
  /** The subscriptions and their watches, on the store. */
  readonly subscriptionStore: SubscriptionStore;
  /** Whether a chat's quiet hours hold its notifications now (the census). */
  readonly quietNow: QuietNow;
}

export interface BotDeps {
  readonly lookups: Lookups;
  readonly store: StoreBackend;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly defaults: { readonly locale: Locale; readonly timeZone: string };
}

/**
 * The bot core and the subscription engine on the lookup path, sharing one renderer and the store: the
 * chats' settings, the subscription store (its own namespaces and lock), the quota counters and the
 * poll schedule.
 */
export function createBot(deps: BotDeps, options: BotOptions = {}): Bot {
  const { lookups, store, clock, logger } = deps;
  const defaults = options.defaults ?? deps.defaults;
  const renderer = createRenderer();
  const settings = chatSettingsOn(store.namespace('chats'));
  const subscriptionStore = openSubscriptionStore(store, {
    onBadRecord: (error) => logger.warn({ err: error }, 'an unreadable subscription record was skipped'),
  });
  const engine = createSubscriptionEngine({
    store: subscriptionStore,
    counters: store.counters,
    tracking: lookups.tracking,
    settings,
    renderer,
    budgets: adapterBudgets(lookups.limits, options.budgetShare),
    schedule: store.dueSchedule,
    pollHoldOf: (adapter) => store.laneStates.pollHold(adapter),
    // Instances on one Redis send each chat's notifications one at a time.
    ...(store.kind === 'shared' ? { lock: store.lock } : {}),
    storeReady: (signal) => store.ready(signal),
    clock,
    random: options.random ?? Math.random,
    logger,
    defaults,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.batchWindowMs === undefined ? {} : { batchWindowMs: options.batchWindowMs }),
    ...(options.notifyRetryMs === undefined ? {} : { retryMs: options.notifyRetryMs }),
  });
  const core = createBotCore({
    tracking: lookups.tracking,
    detector: lookups.detector,
    renderer,
    settings,
    subscriptions: engine.subscriptions,
    clock,
    logger,
    defaults,
    fairShare: createFairShare(store.counters, options.fairShare),
    quietHoursChanged: (chat) => engine.quietHoursChanged(chat),
    ...(options.status ? { status: options.status } : {}),
  });
  return { core, engine, subscriptionStore, quietNow: quietNowOn(settings, defaults) };
}
