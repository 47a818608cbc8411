import type { TrackRequest } from '../carriers/adapter.js';
import type { Locale } from '../domain/locale.js';
import type { TrackOutcome } from '../domain/outcome.js';

export type Priority = 'interactive' | 'background';

/** One number waiting in a lane. The lane settles it exactly once: `resolve`, or `reject`. */
export interface LaneEntry {
  readonly request: TrackRequest;
  readonly locale: Locale;
  priority: Priority;
  readonly resolve: (outcome: TrackOutcome) => void;
  /**
   * For a lookup that failed on Postie's side, not the carrier's: the store away (a quota count that
   * cannot be read or kept, an adapter's cache), so the caller answers that instead of a carrier failure.
   */
  readonly reject: (error: unknown) => void;
  /** Whole-call failures so far (for retries). */
  attempts: number;
  /** Not to be sent before this time (backoff after a transient failure). */
  notBefore: number;
  readonly enqueuedAt: number;
  /**
   * At most this many numbers in the entry's batch: halved each time a batch holding it is refused as a
   * whole for one of its items (`CarrierError.batchRefused`). @defaultValue the lane's batch size
   */
  maxBatch?: number;
}

/** A lane's waiting entries, by priority, oldest first. */
export type Waiting = Record<Priority, LaneEntry[]>;
