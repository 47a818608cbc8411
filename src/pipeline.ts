import { createMemoryCache, type KeyValueCache } from './cache/memory-cache.js';
import { createAdapters } from './carriers/registry.js';
import type { Config } from './config.js';
import { createDetector, type Detector } from './detect/detector.js';
import type { AdapterId } from './domain/carrier.js';
import { createExtractor, type Extractor } from './extract/extractor.js';
import { createHttpClient } from './http/http-client.js';
import type { Logger } from './logger.js';
import { type CounterStore, counterStoreOn } from './queue/counter-store.js';
import { createTrackingQueue, type TrackingQueue } from './queue/tracking-queue.js';
import { type AdapterBudget, adapterBudgets } from './scheduler/budget.js';
import { createInProcessSchedule, type DueSchedule } from './scheduler/due-schedule.js';
import { openStoredCache } from './store/keyv-cache.js';
import { openSubscriptionStore } from './store/open-subscription-store.js';
import { openRedisCounters } from './store/redis-counters.js';
import { openRedisDueSchedule } from './store/redis-due-schedule.js';
import type { SubscriptionStore } from './store/subscription-store.js';
import { type Clock, systemClock } from './time/clock.js';
import { createTrackingService, type TrackingService } from './tracking/tracking-service.js';

/** The pipeline every front-end and the CLI share: extract → detect → tracking service → queue → adapters. */
export interface Pipeline {
  readonly extractor: Extractor;
  readonly detector: Detector;
  readonly queue: TrackingQueue;
  readonly tracking: TrackingService;
  readonly enabledAdapters: ReadonlySet<AdapterId>;
  /** What Postie keeps about chats (settings), on the configured store. */
  readonly chats: KeyValueCache;
  /** Subscriptions and their watches, on the configured store. */
  readonly subscriptionStore: SubscriptionStore;
  /** Expiring counters on the configured store (quotas, per-user limits). */
  readonly counters: CounterStore;
  /** How much of each carrier's daily quota background polls may plan to use. */
  readonly budgets: readonly AdapterBudget[];
  /** When each followed number is next polled: in Redis when the store is shared, else in this process. */
  readonly dueSchedule: DueSchedule;
  /** Closes HTTP connections and the store. */
  close(): Promise<void>;
}

/**
 * Quota counters: atomic in Redis when the store is shared (several instances count together), on the
 * embedded store otherwise (one process, so serialized updates suffice).
 */
function openCounters(url: string): CounterStore & { close(): Promise<void> } {
  if (/^rediss?:\/\//.test(url)) return openRedisCounters(url);
  const cache = openStoredCache(url, 'quota');
  return { ...counterStoreOn(cache), close: () => cache.close() };
}

export interface PipelineOptions {
  readonly clock?: Clock;
  readonly random?: () => number;
}

/**
 * Builds the pipeline from the configuration: the carrier adapters with credentials, their queue (quota
 * counts and the adapters' own caches on the configured store, so they survive restarts), and the
 * tracking service on top.
 */
export function createPipeline(config: Config, logger: Logger, options: PipelineOptions = {}): Pipeline {
  const clock = options.clock ?? systemClock;
  const http = createHttpClient();
  const counters = openCounters(config.store.url);
  const carrierCache = openStoredCache(config.store.url, 'carrier-cache');
  const chats = openStoredCache(config.store.url, 'chats');
  const adapters = createAdapters(config.carriers, { http, clock, logger, cache: carrierCache });
  const shared = /^rediss?:\/\//.test(config.store.url);
  const redisSchedule = shared ? openRedisDueSchedule(config.store.url) : undefined;
  const subscriptionStore = openSubscriptionStore(config.store.url, {
    clock,
    onBadRecord: (error) => logger.warn({ err: error }, 'an unreadable subscription record was skipped'),
  });
  const detector = createDetector();
  const extractor = createExtractor({ matcher: detector.matcher });
  const queue = createTrackingQueue({
    adapters,
    clock,
    random: options.random ?? Math.random,
    cache: createMemoryCache(clock),
    counters,
    logger,
  });
  const enabledAdapters = new Set(adapters.map((a) => a.adapter.id));
  return {
    extractor,
    detector,
    queue,
    tracking: createTrackingService({ extractor, detector, queue, enabledAdapters }),
    enabledAdapters,
    chats,
    subscriptionStore,
    counters,
    budgets: adapterBudgets(adapters.map((a) => ({ id: a.adapter.id, limits: a.limits }))),
    dueSchedule: redisSchedule ?? createInProcessSchedule(),
    async close() {
      await http.close();
      await Promise.all([
        counters.close(),
        carrierCache.close(),
        chats.close(),
        subscriptionStore.close(),
        redisSchedule?.close(),
      ]);
    },
  };
}
