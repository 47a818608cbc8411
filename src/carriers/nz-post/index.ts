import type { LaneLimits } from '../adapter.js';
import { defineCarrier } from '../manifest.js';
import { ENV } from './settings.js';

/** ParcelTrack 3.0's limits, as data for the queue (sources: seeds/002 and CARRIERS.md). */
const NZ_POST_LIMITS: LaneLimits = {
  // seeds/002: "15 calls per second"; CARRIERS.md: shared across merchants for some endpoints, so keep
  // a margin below it.
  windows: [{ limit: 12, windowMs: 1000 }],
  // Enough to use the window without piling calls into NZ Post's own queue.
  concurrency: 4,
  // seeds/002: `GET /parcels/{tracking_reference}` takes one reference.
  batchSize: 1,
  batchWindowMs: 0,
  // seeds/002: calls over the rate are queued and "time out" after 60 s; answer a little after that.
  requestTimeoutMs: 65_000,
  cacheTtlMs: 5 * 60_000,
};

/**
 * NZ Post ParcelTrack 3.0: NZ Post and CourierPost parcels, domestic labels and `…NZ` S10 items. OAuth2
 * client id and secret of an application registered with NZ Post's developer programme for ParcelTrack.
 */
export const nzPostAdapter = defineCarrier({
  id: 'nz-post',
  label: 'NZ Post',
  limits: NZ_POST_LIMITS,
  serves: ['nz-post', 'courierpost'],
  env: ENV,
  create: async (settings, deps) =>
    (await import('./adapter.js')).createNzPostAdapter(settings, deps, NZ_POST_LIMITS),
  sandbox: async () => (await import('./sandbox.js')).nzPostSandbox,
  statusTables: async () => (await import('./status.js')).STATUS_TABLES,
});
