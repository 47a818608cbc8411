import type { AdapterDeps, CarrierAdapter, LaneLimits } from '../adapter.js';
import { askOneByOne } from '../one-by-one.js';
import { createFuuffyClient } from './client.js';
import { interpretTrackingResponse } from './response.js';
import type { FuuffySettings } from './settings.js';
import { logUnmappedOnce } from './status.js';

/** The Fuuffy adapter: one number (or order id) per call, within `limits` (its manifest's). */
export function createFuuffyAdapter(
  settings: FuuffySettings,
  deps: AdapterDeps,
  limits: LaneLimits,
): CarrierAdapter {
  const client = createFuuffyClient(settings, deps, deps.requestTimeoutMs ?? limits.requestTimeoutMs);
  return {
    id: 'fuuffy',
    track: (requests, context) =>
      askOneByOne(requests, async (request) => {
        const response = await client.getTracking(request, context.signal);
        const answer = interpretTrackingResponse(response, { request, now: deps.clock.now() });
        logUnmappedOnce(deps.logger, answer.unmapped);
        if (answer.rateLimit.remaining === 0) {
          deps.logger.warn(
            { adapter: 'fuuffy', limit: answer.rateLimit.limit, resetInMs: answer.rateLimit.resetInMs },
            'fuuffy: rate limit window used up',
          );
        }
        return answer.outcomes;
      }),
  };
}
