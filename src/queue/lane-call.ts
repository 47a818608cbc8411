import type { CarrierAdapter, LaneLimits } from '../carriers/adapter.js';
import { MAX_RETRY_AFTER_MS } from '../carriers/carrier-http.js';
import { CarrierError } from '../domain/carrier-error.js';
import type { TrackOutcome } from '../domain/outcome.js';
import { isStoreUnavailable } from '../domain/store-unavailable.js';
import type { LaneEntry } from './lane-entry.js';
import type { RequestEnd } from './lane-state.js';

/** How one carrier call of a lane came out. */
type CallResult =
  | { readonly kind: 'answered'; readonly outcomes: ReadonlyMap<string, TrackOutcome> }
  /** The store failed, not the carrier (the adapter's cache): no retry, nothing told to the breaker. */
  | { readonly kind: 'store'; readonly error: unknown }
  | { readonly kind: 'carrier'; readonly error: CarrierError };

/** Calls the carrier with one batch; never throws. */
export async function callCarrier(adapter: CarrierAdapter, batch: readonly LaneEntry[]): Promise<CallResult> {
  const locale = (batch[0] as LaneEntry).locale;
  try {
    const outcomes = await adapter.track(
      batch.map((e) => e.request),
      { locale },
    );
    return { kind: 'answered', outcomes };
  } catch (thrown) {
    if (isStoreUnavailable(thrown)) return { kind: 'store', error: thrown };
    return { kind: 'carrier', error: asCarrierError(adapter.id, thrown) };
  }
}

interface PauseLimits {
  readonly limits: Pick<LaneLimits, 'pauseAfterRateLimitMs'>;
  /** @defaultValue `MAX_RETRY_AFTER_MS` (15 min) */
  readonly maxPauseMs?: number;
}

/** How long a "too many requests" pauses the lane: as the carrier hints, at most `maxPauseMs`. */
export function pauseMsOf(error: CarrierError, { limits, maxPauseMs }: PauseLimits): number {
  return Math.min(
    error.retryAfterMs ?? limits.pauseAfterRateLimitMs ?? 1000,
    maxPauseMs ?? MAX_RETRY_AFTER_MS,
  );
}

/**
 * What a call tells the lane's state: an answer closes the breaker, a carrier unavailable or timing
 * out counts against it, a refusal for the rate pauses every instance; a batch refused for one of its
 * items, or the store failing, says nothing of the carrier's health.
 */
export function endOf(result: CallResult, batchSize: number, now: number, pause: PauseLimits): RequestEnd {
  if (result.kind === 'answered') return { verdict: 'success' };
  if (result.kind === 'store') return { verdict: 'neutral' };
  const { error } = result;
  if (error.batchRefused && batchSize > 1) return { verdict: 'neutral' };
  if (error.code === 'rate_limited') return { verdict: 'neutral', pauseUntil: now + pauseMsOf(error, pause) };
  return { verdict: error.code === 'unavailable' || error.code === 'timeout' ? 'failure' : 'neutral' };
}

/** The outcome of a number the carrier was asked and did not answer. */
export function noAnswer(adapter: string): TrackOutcome {
  return {
    kind: 'failed',
    error: new CarrierError(adapter, 'bad_response', `${adapter} gave no answer for a number it was asked`),
  };
}

function asCarrierError(adapter: string, thrown: unknown): CarrierError {
  if (thrown instanceof CarrierError) return thrown;
  return new CarrierError(adapter, 'bad_response', `${adapter} failed unexpectedly`, { cause: thrown });
}
