import type { AdapterDeps, CarrierAdapter, LaneLimits } from '../adapter.js';
import { askOneByOne } from '../one-by-one.js';
import { createNzPostClient } from './client.js';
import { interpretParcelResponse } from './response.js';
import type { NzPostSettings } from './settings.js';
import { reportUnmappedEdifact } from './status.js';

/**
 * The ParcelTrack 3.0 adapter: one reference per call; more requests than `limits.batchSize` are asked
 * one after another.
 */
export function createNzPostAdapter(
  settings: NzPostSettings,
  deps: AdapterDeps,
  limits: LaneLimits,
): CarrierAdapter {
  const client = createNzPostClient(settings, deps, deps.requestTimeoutMs ?? limits.requestTimeoutMs);
  return {
    id: 'nz-post',
    track: (requests, context) =>
      askOneByOne(requests, async (request) => {
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
        return [[request.number, outcome]];
      }),
  };
}
