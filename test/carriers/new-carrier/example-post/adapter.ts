import type { AdapterDeps, CarrierAdapter, LaneLimits } from '../../../../src/carriers/adapter.js';
import { parseJson } from '../../../../src/carriers/carrier-http.js';
import { CarrierError } from '../../../../src/domain/carrier-error.js';
import type { TrackOutcome } from '../../../../src/domain/outcome.js';
import { createExamplePostClient } from './client.js';
import type { ExamplePostSettings } from './index.js';
import { normalizeParcel } from './normalize.js';
import { parcelAnswer } from './schema.js';

/** The Example Post adapter: one number per call; 404 is "no record", anything else unreadable fails the call. */
export function createExamplePostAdapter(
  settings: ExamplePostSettings,
  deps: AdapterDeps,
  limits: LaneLimits,
): CarrierAdapter {
  const client = createExamplePostClient(
    settings,
    deps.http,
    deps.requestTimeoutMs ?? limits.requestTimeoutMs,
  );
  return {
    id: 'example-post',
    async track(requests, context) {
      const outcomes = new Map<string, TrackOutcome>();
      for (const request of requests) {
        const response = await client.getParcel(request.number, context.signal);
        if (response.status === 404) {
          outcomes.set(request.number, { kind: 'not_found', reason: 'no_record' });
          continue;
        }
        const answer = parcelAnswer.safeParse(parseJson(response.body));
        if (response.status !== 200 || !answer.success)
          throw new CarrierError(
            'example-post',
            'bad_response',
            `Example Post answered HTTP ${response.status}`,
          );
        const fetchedAt = new Date(deps.clock.now()).toISOString();
        outcomes.set(request.number, {
          kind: 'found',
          shipment: normalizeParcel(request.number, answer.data, fetchedAt),
        });
      }
      return outcomes;
    },
  };
}
