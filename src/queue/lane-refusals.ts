import { CarrierError } from '../domain/carrier-error.js';

/** The answer for a person while the carrier has the lane paused: try again when the pause ends. */
export function pausedError(adapter: string, pausedUntil: number, now: number): CarrierError {
  return new CarrierError(
    adapter,
    'rate_limited',
    `${adapter} asked Postie to slow down; not asking again yet`,
    {
      retryAfterMs: pausedUntil - now,
    },
  );
}

/** The answer while the breaker is open: the carrier keeps failing. */
export function unavailableError(adapter: string, retryAfterMs: number): CarrierError {
  return new CarrierError(adapter, 'unavailable', `${adapter} keeps failing; not asking again yet`, {
    retryAfterMs,
  });
}

/** The answer for a person who would wait longer than the lane lets them. */
export function busyError(adapter: string, waitMs: number): CarrierError {
  return new CarrierError(adapter, 'busy', `${adapter} is busy; try again in ${Math.ceil(waitMs / 1000)} s`, {
    retryAfterMs: waitMs,
  });
}

interface WaitEstimate {
  /** Interactive lookups waiting, and the numbers a request carries. */
  readonly waiting: number;
  readonly batchSize: number;
  /** Requests in flight here, and how many may be. */
  readonly inFlight: number;
  readonly concurrency: number;
  readonly pausedUntil: number;
  /** When spacing and windows let the next request start (`Infinity`: when one in flight ends). */
  readonly earliest: number;
  readonly intervalMs: number;
}

/** How long a new interactive lookup would wait: the requests ahead of it times the lane's pace. */
export function estimateWaitMs(e: WaitEstimate, now: number): number {
  const requestsAhead = Math.floor(e.waiting / e.batchSize) + Math.max(0, e.inFlight - e.concurrency + 1);
  const pause = Math.max(0, e.pausedUntil - now);
  // Waiting for a request in flight to end: about one interval, as far as can be told.
  const gateWait = e.earliest === Number.POSITIVE_INFINITY ? e.intervalMs : Math.max(0, e.earliest - now);
  return pause + requestsAhead * e.intervalMs + gateWait;
}
