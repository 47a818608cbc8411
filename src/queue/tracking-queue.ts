import type { KeyValueCache } from '../cache/memory-cache.js';
import type { CarrierAdapter, LaneLimits, TrackRequest } from '../carriers/adapter.js';
import type { AdapterId } from '../domain/carrier.js';
import type { Locale } from '../domain/locale.js';
import type { TrackOutcome } from '../domain/outcome.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../time/clock.js';
import type { CounterStore } from './counter-store.js';
import { Lane, type LaneEntry, type LaneStats, type Priority } from './lane.js';
import type { LaneStates } from './lane-state.js';
import { createQuota, type Quota } from './quota.js';

interface LookupOptions {
  readonly priority: Priority;
  readonly locale: Locale;
}

/** Every carrier lookup goes through here: one lane per adapter, shared answers, brief caching. */
export interface TrackingQueue {
  /**
   * Resolves with the number's outcome; queue-level refusals (busy, quota, breaker) are `failed`
   * outcomes. Rejects when Postie failed, not the carrier: a `StoreUnavailableError` when the quota
   * counts or the adapter's cache cannot be read or kept.
   */
  lookup(adapter: AdapterId, request: TrackRequest, options: LookupOptions): Promise<TrackOutcome>;
  stats(adapter: AdapterId): LaneStats | undefined;
  /** The adapter's long-term quota counts now (`today` 0 without a daily quota); undefined without a lane. */
  usage(adapter: AdapterId): Promise<{ today: number; rolling: number } | undefined>;
}

export interface TrackingQueueOptions {
  readonly adapters: readonly { readonly adapter: CarrierAdapter; readonly limits: LaneLimits }[];
  readonly clock: Clock;
  readonly random: () => number;
  /** Recent answers; found ones live `limits.cacheTtlMs`, not-found ones at most `NOT_FOUND_TTL_MS`. */
  readonly cache: KeyValueCache;
  /** Quota counts (persistent in production, so they survive restarts). */
  readonly counters: CounterStore;
  readonly logger: Logger;
  /**
   * Each lane's spacing, windows, requests in flight, pauses and breaker: the store's
   * (`StoreBackend.laneStates`), shared by every instance on Redis. @defaultValue in this process
   */
  readonly laneStates?: LaneStates;
  /** Told how long each lookup waited in its lane, as it goes out. */
  readonly onSent?: (adapter: AdapterId, priority: Priority, waitedMs: number) => void;
  readonly maxInteractiveWaitMs?: number;
}

/** A number not found yet may appear soon (a label printed, not yet scanned): ask again after a minute. */
const NOT_FOUND_TTL_MS = 60_000;

export function createTrackingQueue(options: TrackingQueueOptions): TrackingQueue {
  const lanes = new Map<AdapterId, { lane: Lane; limits: LaneLimits; quota: Quota }>();
  for (const { adapter, limits } of options.adapters) {
    const quota = createQuota(adapter.id, limits, options.counters);
    const lane = new Lane({
      adapter,
      limits,
      quota,
      clock: options.clock,
      random: options.random,
      logger: options.logger,
      ...(options.laneStates ? { state: options.laneStates.lane(adapter.id, limits) } : {}),
      ...(options.onSent ? { onSent: onSentOf(adapter.id, options.onSent) } : {}),
      ...(options.maxInteractiveWaitMs === undefined
        ? {}
        : { maxInteractiveWaitMs: options.maxInteractiveWaitMs }),
    });
    lanes.set(adapter.id, { lane, limits, quota });
  }
  // Identical lookups in flight share one entry (and one upstream call).
  const inFlight = new Map<string, { entry: LaneEntry; promise: Promise<TrackOutcome> }>();

  return {
    async lookup(adapterId, request, { priority, locale }) {
      const found = lanes.get(adapterId);
      if (!found) throw new Error(`no lane for adapter ${adapterId}`);
      const key = lookupKey(adapterId, request, locale);

      const cached = await options.cache.get<TrackOutcome>(`answer:${key}`);
      if (cached) return cached;
      // No await between this check and registering the entry: concurrent callers find one or the other.
      const shared = inFlight.get(key);
      if (shared) {
        const refusal = priority === 'interactive' ? found.lane.promote(shared.entry) : undefined;
        return refusal ? { kind: 'failed', error: refusal } : shared.promise;
      }

      let resolve: (outcome: TrackOutcome) => void = () => {};
      let reject: (error: unknown) => void = () => {};
      const promise = new Promise<TrackOutcome>((settle, fail) => {
        resolve = settle;
        reject = fail;
      });
      const entry: LaneEntry = {
        request,
        locale,
        priority,
        resolve,
        reject,
        attempts: 0,
        notBefore: 0,
        enqueuedAt: options.clock.now(),
      };
      inFlight.set(key, { entry, promise });
      found.lane.enqueue(entry);
      const outcome = await promise.finally(() => inFlight.delete(key));
      const ttl =
        outcome.kind === 'found'
          ? found.limits.cacheTtlMs
          : outcome.kind === 'not_found'
            ? Math.min(found.limits.cacheTtlMs, NOT_FOUND_TTL_MS)
            : 0;
      if (ttl > 0) await options.cache.set(`answer:${key}`, outcome, ttl);
      return outcome;
    },
    stats: (adapterId) => lanes.get(adapterId)?.lane.stats,
    usage: async (adapterId) => lanes.get(adapterId)?.quota.usage(options.clock.now()),
  };
}

const onSentOf =
  (adapter: AdapterId, onSent: NonNullable<TrackingQueueOptions['onSent']>) =>
  (priority: Priority, waitedMs: number) =>
    onSent(adapter, priority, waitedMs);

/** Everything that can change the answer: the adapter, the language, the number and how it is asked. */
function lookupKey(adapter: AdapterId, r: TrackRequest, locale: Locale): string {
  return [
    adapter,
    locale,
    r.number,
    r.carrier,
    r.courierCode,
    r.byOrderId ? 'order' : '',
    r.destinationCountry,
    r.postalCode,
    r.shipDate,
  ]
    .map((part) => part ?? '')
    .join('|');
}
