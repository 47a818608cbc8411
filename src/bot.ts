import { type BotCore, createBotCore } from './core/bot-core.js';
import { createFairShare, type FairShareLimits } from './core/fair-share.js';
import type { Locale } from './domain/locale.js';
import type { Logger } from './logger.js';
import type { Pipeline } from './pipeline.js';
import { createRenderer } from './render/create-renderer.js';
import { chatSettingsOn } from './store/chat-settings.js';
import { createSubscriptionEngine, type SubscriptionEngine } from './subscriptions/subscription-engine.js';
import type { SubscriptionLimits } from './subscriptions/subscriptions.js';
import type { Clock } from './time/clock.js';

export interface BotOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly defaults: { readonly locale: Locale; readonly timeZone: string };
  /** @defaultValue Math.random */
  readonly random?: () => number;
  readonly limits?: SubscriptionLimits;
  /** Notifications for one chat within this window go out as one message. @defaultValue 5 000 ms */
  readonly batchWindowMs?: number;
  /** First wait after a failed delivery; it doubles up to 10 minutes. @defaultValue 5 000 ms */
  readonly notifyRetryMs?: number;
  /** Each person's and each chat's share of lookups, counted on the pipeline's counters. @defaultValue DEFAULT_FAIR_SHARE */
  readonly fairShare?: FairShareLimits;
}

/** The bot people talk to, and the subscription engine that writes to them unprompted. */
export interface Bot {
  /** What every front-end (Telegram, Discord, console) talks to. */
  readonly core: BotCore;
  /** Start it after the front-ends have offered their notification channels; stop it before closing the pipeline. */
  readonly engine: SubscriptionEngine;
}

/** The bot core and the subscription engine on top of the pipeline, sharing its store, tracking and renderer. */
export function createBot(pipeline: Pipeline, options: BotOptions): Bot {
  const renderer = createRenderer();
  const settings = chatSettingsOn(pipeline.chats);
  const engine = createSubscriptionEngine({
    store: pipeline.subscriptionStore,
    counters: pipeline.counters,
    tracking: pipeline.tracking,
    settings,
    renderer,
    budgets: pipeline.budgets,
    schedule: pipeline.dueSchedule,
    storeReady: (signal) => pipeline.store.ready(signal),
    clock: options.clock,
    random: options.random ?? Math.random,
    logger: options.logger,
    defaults: options.defaults,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.batchWindowMs === undefined ? {} : { batchWindowMs: options.batchWindowMs }),
    ...(options.notifyRetryMs === undefined ? {} : { retryMs: options.notifyRetryMs }),
  });
  const core = createBotCore({
    tracking: pipeline.tracking,
    detector: pipeline.detector,
    renderer,
    settings,
    subscriptions: engine.subscriptions,
    clock: options.clock,
    logger: options.logger,
    defaults: options.defaults,
    fairShare: createFairShare(pipeline.counters, options.fairShare),
  });
  return { core, engine };
}
