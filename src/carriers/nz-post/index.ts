import type { NzPostConfig } from '../../config.js';
import type { TrackOutcome } from '../../domain/outcome.js';
import type { AdapterDefinition, LaneLimits } from '../adapter.js';
import { createNzPostClient } from './client.js';
import { interpretParcelResponse } from './response.js';
import { reportUnmappedEdifact } from './status.js';

/** ParcelTrack 3.0's limits, as data for the queue (sources: seeds/002 and CARRIERS.md). */
const limits: LaneLimits = {
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
 * NZ Post ParcelTrack 3.0: NZ Post and CourierPost parcels, domestic labels and `…NZ` S10 items.
 * One reference per call; more requests than `batchSize` are asked one after another.
 */
export const nzPostAdapter: AdapterDefinition<NzPostConfig> = {
  id: 'nz-post',
  label: 'NZ Post',
  limits,
  create(config, deps) {
    const client = createNzPostClient(config, deps, deps.requestTimeoutMs ?? limits.requestTimeoutMs);
    return {
      id: 'nz-post',
      async track(requests, context) {
        const outcomes = new Map<string, TrackOutcome>();
        for (const request of requests) {
          const answer = await client.getParcel(request.number, context.signal);
          const { outcome, notes } = interpretParcelResponse(answer, { request, atMs: deps.clock.now() });
          for (const note of notes) {
            if (note.kind === 'unmapped_code') reportUnmappedEdifact(deps.logger, note.code);
            else {
              deps.logger.warn(
                { adapter: 'nz-post', number: request.number, errorCode: note.code },
                'NZ Post says the tracking data may be incomplete',
              );
            }
          }
          outcomes.set(request.number, outcome);
        }
        return outcomes;
      },
    };
  },
};
