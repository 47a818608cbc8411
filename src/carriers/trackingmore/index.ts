import type { TrackingMoreConfig } from '../../config.js';
import type { AdapterDefinition } from '../adapter.js';
import { createTrackingmoreClient } from './client.js';
import { PAUSE_AFTER_429_MS } from './meta-codes.js';
import { createTrackingmoreTracker, REALTIME_CACHE_MS } from './tracker.js';

/**
 * TrackingMore, the aggregator behind every carrier without a direct adapter (DESIGN.md "Carrier
 * detection"). API v2 (seed 004): `POST /trackings/realtime`, courier detection when the route has no
 * courier code.
 */
export const trackingmoreAdapter: AdapterDefinition<TrackingMoreConfig> = {
  id: 'trackingmore',
  label: 'TrackingMore',
  limits: {
    // "POST /trackings/realtime interface concurrency limit 3 times/s" (seed 004).
    windows: [{ limit: 3, windowMs: 1000 }],
    // "Concurrency limit 3 times/s" (seed 004): never more than 3 realtime calls in flight either.
    concurrency: 3,
    // Realtime takes one number per call (seed 004).
    batchSize: 1,
    // Nothing to gather: every call carries one number.
    batchWindowMs: 0,
    // Realtime fetches the carrier's site live; CARRIERS.md gives no figure, 30 s leaves room for slow posts.
    requestTimeoutMs: 30_000,
    // "After a 429 send nothing for 120 s" (CARRIERS.md; status-code page: "wait two minutes").
    pauseAfterRateLimitMs: PAUSE_AFTER_429_MS,
    // "The same shipment can be fetched in real time once per 2 hours (serve from cache)" (CARRIERS.md).
    cacheTtlMs: REALTIME_CACHE_MS,
  },
  create(config, deps) {
    if (/\/v4\/?$/.test(config.baseUrl)) {
      deps.logger.warn(
        { adapter: 'trackingmore' },
        'TrackingMore API v4 is not supported yet: set a /v2 base URL',
      );
    }
    const client = createTrackingmoreClient(config, {
      http: deps.http,
      timeoutMs: deps.requestTimeoutMs ?? trackingmoreAdapter.limits.requestTimeoutMs,
      keyHeader: 'Trackingmore-Api-Key',
    });
    return createTrackingmoreTracker(client, deps);
  },
};
