import type { CarrierAdapter } from '../carriers/adapter.js';
import { CarrierError } from '../domain/carrier-error.js';
import type { Clock } from '../time/clock.js';
import type { TrackingService } from '../tracking/tracking-service.js';
import type { RequestHistory } from './request-history.js';
import type { Telemetry } from './telemetry.js';

/**
 * The adapter as its lane sees it, each call counted by outcome (`ok` or the error code; anything else
 * thrown counts as `bad_response`, as the lane reads it) and timed on `clock` (the process's real time),
 * and counted in `history` (the status page's charts) as it is sent, whatever its outcome.
 */
export function observeAdapter(
  adapter: CarrierAdapter,
  telemetry: Telemetry,
  clock: Clock,
  history?: Pick<RequestHistory, 'request'>,
): CarrierAdapter {
  return {
    ...adapter,
    id: adapter.id,
    async track(requests, context) {
      history?.request(adapter.id);
      const started = clock.now();
      const seconds = () => (clock.now() - started) / 1000;
      try {
        const outcomes = await adapter.track(requests, context);
        telemetry.carrierRequest(adapter.id, 'ok', seconds());
        return outcomes;
      } catch (error) {
        const code = error instanceof CarrierError ? error.code : 'bad_response';
        telemetry.carrierRequest(adapter.id, code, seconds());
        throw error;
      }
    },
  };
}

/** The tracking service with each number's outcome counted by priority (background lookups are polls). */
export function observeTracking(tracking: TrackingService, telemetry: Telemetry): TrackingService {
  const count = (priority: 'interactive' | 'background' | undefined, results: readonly TrackOutcomeOf[]) => {
    for (const { outcome } of results) {
      telemetry.lookup(
        priority ?? 'interactive',
        outcome.kind,
        outcome.kind === 'failed' ? outcome.error.code : undefined,
      );
    }
  };
  return {
    async trackText(text, options) {
      const answer = await tracking.trackText(text, options);
      count(options.priority, answer.results);
      return answer;
    },
    async trackNumbers(numbers, options) {
      const results = await tracking.trackNumbers(numbers, options);
      count(options.priority, results);
      return results;
    },
  };
}

type TrackOutcomeOf = Awaited<ReturnType<TrackingService['trackNumbers']>>[number];
