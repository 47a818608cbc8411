import { createMemoryCache, type KeyValueCache } from './cache/memory-cache.js';
import type { AdapterDeps } from './carriers/adapter.js';
import type { EnabledAdapter } from './carriers/registry.js';
import type { Config } from './config.js';
import { createDetector, type Detector } from './detect/detector.js';
import type { AdapterId } from './domain/carrier.js';
import { createExtractor, type Extractor } from './extract/extractor.js';
import type { Logger } from './logger.js';
import type { CounterStore } from './queue/counter-store.js';
import { createTrackingQueue, type TrackingQueue } from './queue/tracking-queue.js';
import type { DueSchedule } from './scheduler/due-schedule.js';
import { openStoreBackend } from './store/open-store-backend.js';
import { reportStoreState } from './store/report-store-state.js';
import type { StoreBackend } from './store/store-backend.js';
import { type AdapterBudget, adapterBudgets } from './subscriptions/polling/budget.js';
import { openSubscriptionStore } from './subscriptions/store/open-subscription-store.js';
import type { SubscriptionStore } from './subscriptions/store/subscription-store.js';
import { type Clock, systemClock } from './time/clock.js';
import { createTrackingService, type TrackingService } from './tracking/tracking-service.js';

/** The pipeline every front-end and the CLI share: extract → detect → tracking service → queue → adapters. */
export interface Pipeline {
  readonly extractor: Extractor;
  readonly detector: Detector;
  readonly queue: TrackingQueue;
  readonly tracking: TrackingService;
  readonly enabledAdapters: ReadonlySet<AdapterId>;
  /** The configured store, over the process's one connection; everything below lives on it. */
  readonly store: StoreBackend;
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

export interface PipelineOptions {
  readonly clock?: Clock;
  readonly random?: () => number;
  /** What measures the waits between reconnections to Redis: real time. @defaultValue the system clock */
  readonly storeRetryClock?: Clock;
}

/**
 * Builds the pipeline from the configuration: the store (opened once: one connection for the process;
 * a Redis that cannot be reached is no reason to fail, see `openStoreBackend`),
 * the carrier adapters with credentials, their queue (quota counts and the adapters' own caches on the
 * store, so they survive restarts), and the tracking service on top.
 */
export async function createPipeline(
  config: Config,
  logger: Logger,
  options: PipelineOptions = {},
): Promise<Pipeline> {
  const clock = options.clock ?? systemClock;
  const store = await openStoreBackend(config.store.url, {
    onStateChange: reportStoreState(config.store.url, logger, options.storeRetryClock),
    ...(options.storeRetryClock ? { retryClock: options.storeRetryClock } : {}),
  });
  const { counters } = store;
  const chats = store.namespace('chats');
  const carriers = await openCarriers(config.carriers, {
    clock,
    logger,
    cache: store.namespace('carrier-cache'),
  });
  const { adapters } = carriers;
  const subscriptionStore = openSubscriptionStore(store, {
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
    store,
    chats,
    subscriptionStore,
    counters,
    budgets: adapterBudgets(adapters.map((a) => ({ id: a.adapter.id, limits: a.limits }))),
    dueSchedule: store.dueSchedule,
    async close() {
      await carriers.close();
      await store.close();
    },
  };
}

/**
 * The adapters whose credentials are configured, and the HTTP client they share. The adapters and the
 * HTTP client (undici) are loaded only when at least one carrier is configured: a Postie without carriers
 * starts without them.
 */
async function openCarriers(
  carriers: Config['carriers'],
  deps: Omit<AdapterDeps, 'http'>,
): Promise<{ readonly adapters: readonly EnabledAdapter[]; close(): Promise<void> }> {
  if (Object.keys(carriers).length === 0) return { adapters: [], close: async () => undefined };
  const [{ createHttpClient }, { createAdapters }] = await Promise.all([
    import('./http/http-client.js'),
    import('./carriers/registry.js'),
  ]);
  const http = createHttpClient();
  return { adapters: createAdapters(carriers, { ...deps, http }), close: () => http.close() };
}
