import { createMemoryCache } from '../cache/memory-cache.js';
import type { AdapterDeps, CarrierAdapter, LaneLimits } from '../carriers/adapter.js';
import type { EnabledAdapter } from '../carriers/registry.js';
import type { Config } from '../config.js';
import { createDetector, type Detector } from '../detect/detector.js';
import type { AdapterId } from '../domain/carrier.js';
import { createExtractor, type Extractor } from '../extract/extractor.js';
import type { Logger } from '../logger.js';
import type { Priority } from '../queue/lane.js';
import { createTrackingQueue, type TrackingQueue } from '../queue/tracking-queue.js';
import type { StoreBackend } from '../store/store-backend.js';
import type { Clock } from '../time/clock.js';
import { createTrackingService, type TrackingService } from '../tracking/tracking-service.js';

/** The lookup path every front-end and the CLI share: extract → detect → tracking service → queue → adapters. */
export interface Lookups {
  readonly extractor: Extractor;
  readonly detector: Detector;
  readonly queue: TrackingQueue;
  readonly tracking: TrackingService;
  readonly enabledAdapters: ReadonlySet<AdapterId>;
  /** Each enabled adapter's limits (what background polls may plan to use is derived from them). */
  readonly limits: readonly { readonly id: AdapterId; readonly limits: LaneLimits }[];
  /** The carriers that tell their account's credits (TrackingMore), and how to ask them. */
  readonly credits: ReadonlyMap<AdapterId, (signal?: AbortSignal) => Promise<number>>;
  /** Closes the carriers' HTTP connections (the store is the app's to close). */
  close(): Promise<void>;
}

export interface LookupOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  /** The queue's randomness (retry back-off jitter). */
  readonly random: () => number;
  /** What each adapter and the tracking service are wrapped in (counting, for the metrics). */
  readonly observe?: {
    adapter(adapter: CarrierAdapter): CarrierAdapter;
    tracking(tracking: TrackingService): TrackingService;
    /** How long a lookup waited in its lane before it was first sent. */
    laneWait?(adapter: AdapterId, priority: Priority, waitedMs: number): void;
  };
}

/**
 * The carrier adapters with credentials, their queue (quota counts and the adapters' own caches on the
 * store, so they survive restarts), and the tracking service on top. Opens nothing of the subscriptions:
 * a one-shot lookup (`postie track`) uses the store's quota counters and the carriers' cache alone.
 */
export async function openLookups(
  config: Config,
  store: StoreBackend,
  options: LookupOptions,
): Promise<Lookups> {
  const { clock, logger } = options;
  const carriers = await openCarriers(config.carriers, {
    clock,
    logger,
    cache: store.namespace('carrier-cache'),
  });
  const observe = options.observe;
  const adapters = observe
    ? carriers.adapters.map((a) => ({ ...a, adapter: observe.adapter(a.adapter) }))
    : carriers.adapters;
  const detector = createDetector();
  const extractor = createExtractor({ matcher: detector.matcher });
  const queue = createTrackingQueue({
    adapters,
    clock,
    random: options.random,
    cache: createMemoryCache(clock),
    counters: store.counters,
    // Each carrier's limits kept together by every instance sharing the store (Redis).
    laneStates: store.laneStates,
    ...(observe?.laneWait ? { onSent: observe.laneWait } : {}),
    logger,
  });
  const enabledAdapters = new Set(adapters.map((a) => a.adapter.id));
  const tracking = createTrackingService({ extractor, detector, queue, enabledAdapters });
  return {
    extractor,
    detector,
    queue,
    tracking: observe ? observe.tracking(tracking) : tracking,
    enabledAdapters,
    limits: adapters.map((a) => ({ id: a.adapter.id, limits: a.limits })),
    credits: new Map(
      carriers.adapters.flatMap(({ adapter }) =>
        adapter.credits ? [[adapter.id, adapter.credits.bind(adapter)] as const] : [],
      ),
    ),
    close: () => carriers.close(),
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
    import('../http/http-client.js'),
    import('../carriers/registry.js'),
  ]);
  const http = createHttpClient();
  return { adapters: await createAdapters(carriers, { ...deps, http }), close: () => http.close() };
}
