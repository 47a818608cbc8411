import type { FuuffyConfig } from '../../config.js';
import type { TrackOutcome } from '../../domain/outcome.js';
import type { AdapterDefinition, CarrierAdapter, LaneLimits } from '../adapter.js';
import { createFuuffyClient } from './client.js';
import { interpretTrackingResponse } from './response.js';
import { logUnmappedOnce } from './status.js';

/** Fuuffy's limits, as data for the queue (STYLE.md §8). */
const limits: LaneLimits = {
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
 * (`TrackRequest.byOrderId`, `/track order:3550806`).
 */
export const fuuffyAdapter: AdapterDefinition<FuuffyConfig> = {
  id: 'fuuffy',
  label: 'Fuuffy',
  limits,
  create(config, deps): CarrierAdapter {
    const client = createFuuffyClient(config, deps, deps.requestTimeoutMs ?? limits.requestTimeoutMs);
    return {
      id: 'fuuffy',
      async track(requests, context) {
        const outcomes = new Map<string, TrackOutcome>();
        // The queue sends one request per call (batchSize 1); more are asked one after another.
        for (const request of requests) {
          const response = await client.getTracking(request, context.signal);
          const answer = interpretTrackingResponse(response, { request, now: deps.clock.now() });
          logUnmappedOnce(deps.logger, answer.unmapped);
          if (answer.rateLimit.remaining === 0) {
            deps.logger.warn(
              { adapter: 'fuuffy', limit: answer.rateLimit.limit, resetInMs: answer.rateLimit.resetInMs },
              'fuuffy: rate limit window used up',
            );
          }
          for (const [number, outcome] of answer.outcomes) outcomes.set(number, outcome);
        }
        return outcomes;
      },
    };
  },
};
