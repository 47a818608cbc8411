import type { LaneLimits } from '../adapter.js';
import { defineCarrier } from '../manifest.js';
import { ENV } from './settings.js';

/** Fuuffy's limits, as data for the queue (STYLE.md §8). */
const FUUFFY_LIMITS: LaneLimits = {
  windows: [
    // CARRIERS.md "Fuuffy": 100 requests per minute …
    { limit: 100, windowMs: 60_000 },
    // … and 1,000 per hour; 429 beyond either.
    { limit: 1000, windowMs: 3_600_000 },
  ],
  // Not documented; two in flight keeps a burst within the per-minute window without serializing lookups.
  concurrency: 2,
  // seeds/003: one tracking number (or one order id) per request.
  batchSize: 1,
  // Nothing to gather with a batch of one.
  batchWindowMs: 0,
  // seeds/003: "Tracking data is fetched in real-time from courier APIs", so answers can be slow.
  requestTimeoutMs: 20_000,
  // Real-time courier lookups are costly for Fuuffy; five minutes keeps repeats off the hourly quota.
  cacheTtlMs: 5 * 60_000,
};

/**
 * Fuuffy (seeds/003): a Hong Kong shipping platform whose merchants ship with SF Express and other
 * couriers. Only the merchant's own orders can be tracked, by tracking number or by Fuuffy order id
 * (`TrackRequest.byOrderId`, `/track order:3550806`). OAuth2 client id and secret issued
 * by Fuuffy to the merchant account.
 */
export const fuuffyAdapter = defineCarrier({
  id: 'fuuffy',
  label: 'Fuuffy',
  limits: FUUFFY_LIMITS,
  serves: ['sf-express'],
  env: ENV,
  create: async (settings, deps) =>
    (await import('./adapter.js')).createFuuffyAdapter(settings, deps, FUUFFY_LIMITS),
  sandbox: async () => (await import('./sandbox.js')).fuuffySandbox,
  statusTables: async () => (await import('./status.js')).STATUS_TABLES,
});
