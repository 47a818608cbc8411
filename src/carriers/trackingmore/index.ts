import type { LaneLimits } from '../adapter.js';
import { defineCarrier } from '../manifest.js';
import { courierCodeOf } from './courier-codes.js';
import { ENV } from './settings.js';
import { PAUSE_AFTER_429_MS, REALTIME_CACHE_MS } from './waits.js';

/** TrackingMore's limits, as data for the queue (seed 004, CARRIERS.md "TrackingMore"). */
const TRACKINGMORE_LIMITS: LaneLimits = {
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
};

/**
 * TrackingMore, the aggregator behind every carrier without a direct adapter (DESIGN.md "Carrier
 * detection"): it serves each carrier it has a courier code for, and is listed last so direct adapters
 * answer first. API v2 (seed 004): `POST /trackings/realtime`, courier detection when the route has no
 * courier code. The API key comes from the account's API settings; realtime lookups are charged.
 */
export const trackingmoreAdapter = defineCarrier({
  id: 'trackingmore',
  label: 'TrackingMore',
  limits: TRACKINGMORE_LIMITS,
  serves: (carrier) => {
    const courierCode = courierCodeOf(carrier);
    return courierCode === undefined ? undefined : { courierCode };
  },
  env: ENV,
  create: async (settings, deps) =>
    (await import('./adapter.js')).createTrackingmoreAdapter(settings, deps, TRACKINGMORE_LIMITS),
  sandbox: async () => (await import('./sandbox.js')).trackingmoreSandbox,
  statusTables: async () => (await import('./status.js')).STATUS_TABLES,
});
