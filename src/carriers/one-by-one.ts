import type { TrackOutcome } from '../domain/outcome.js';
import type { TrackRequest } from './adapter.js';

/**
 * For carriers answering one number per call (their lane's `batchSize` is 1, so the queue sends one at a
 * time; more, from a direct caller, are asked one after another): each request's outcomes, gathered by
 * number. A failing call fails the whole call, as a batch's would.
 */
export async function askOneByOne(
  requests: readonly TrackRequest[],
  ask: (request: TrackRequest) => Promise<Iterable<readonly [string, TrackOutcome]>>,
): Promise<Map<string, TrackOutcome>> {
  const outcomes = new Map<string, TrackOutcome>();
  for (const request of requests) {
    for (const [number, outcome] of await ask(request)) outcomes.set(number, outcome);
  }
  return outcomes;
}
