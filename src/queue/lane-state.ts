import type { LaneLimits } from '../carriers/adapter.js';
import type { PollHold } from './poll-hold.js';
import type { WindowUse } from './rate-gate.js';

/** The limits a lane's state keeps (the rest — batches, quotas — the lane keeps itself). */
export type LaneStateLimits = Pick<
  LaneLimits,
  'minSpacingMs' | 'windows' | 'concurrency' | 'requestTimeoutMs'
>;

/**
 * The answer to "may a request start now?": a slot reserved (`token` names it until it ends), a time to
 * ask again (`Infinity`: when a request of this process ends, which wakes the lane), or the breaker
 * open (fail what waits).
 */
type Reservation =
  | { readonly kind: 'granted'; readonly token: string }
  | { readonly kind: 'wait'; readonly at: number }
  | { readonly kind: 'open'; readonly retryAfterMs: number };

/** What a request's end tells the breaker: an answer, a carrier failing (unavailable, timeout), or neither. */
type Verdict = 'success' | 'failure' | 'neutral';

export interface RequestEnd {
  readonly verdict: Verdict;
  /** The carrier said "too many requests": nothing starts before this, in any instance. */
  readonly pauseUntil?: number;
}

/** What the lane last learned of its state: exact in-process, as of the last reply when shared. */
export interface LaneView {
  readonly pausedUntil: number;
  readonly breaker: 'closed' | 'open' | 'half-open';
  /** Milliseconds until the breaker lets a trial call through (0 unless open). */
  readonly breakerRemainingMs: number;
  /** When spacing and windows let the next request start; `Infinity` while they wait for an end. */
  readonly earliest: number;
  readonly windows: readonly WindowUse[];
}

/**
 * One carrier adapter's short-term limits and health, as every process using the same carrier account
 * must see them (DESIGN.md "The queue"): least spacing and sliding windows counted from request ends
 * (`rate-gate.ts` says why), requests in flight, the pause after a "too many requests", and the breaker
 * with its one half-open trial. In this process for the embedded store (`local-lane-state.ts`); in Redis
 * for the shared one (`store/redis-lane-state.ts`), where each call is one atomic script.
 *
 * Every time is the caller's clock (`now`): instances sharing a state are assumed to keep the same
 * time (NTP, within a few milliseconds); a clock behind the others' by δ lets its requests start up to
 * δ early, which the carriers' margins (Hongkong Post: 110 ms kept for 100 ms asked) absorb.
 */
export interface LaneState {
  /**
   * Reserves a start now if pause, breaker, in-flight count, spacing and windows all allow it, counting
   * the request in flight and in every window until `ended`; else when to ask again.
   */
  reserve(now: number): Promise<Reservation>;
  /** The reserved request has ended (answered or failed) at `now`: spacing and windows count from here. */
  ended(token: string, now: number, end: RequestEnd): Promise<void>;
  /** The reserved slot went unused (nothing left to send): freed as if never taken. */
  cancel(token: string, now: number): Promise<void>;
  view(now: number): LaneView;
  /** The steady-state gap between requests the limits allow (for wait estimates). */
  readonly intervalMs: number;
}

/**
 * Where the lanes' state and the background polls' holds live: one per store backend
 * (`StoreBackend.laneStates`), in this process or shared.
 */
export interface LaneStates {
  /** The state of `adapter`'s lane (one object per adapter and process). */
  lane(adapter: string, limits: LaneStateLimits): LaneState;
  /** Where `adapter`'s due background polls wait to fill a batch (`poll-hold.ts`). */
  pollHold(adapter: string): PollHold;
}

/**
 * How long a request counts in flight at most: a process killed mid-request frees its slot after this.
 * Twice the request's time limit and some, so a slow call with a login before it is never outlived.
 */
export function inFlightLeaseMs(limits: Pick<LaneLimits, 'requestTimeoutMs'>): number {
  return 2 * limits.requestTimeoutMs + 5_000;
}
