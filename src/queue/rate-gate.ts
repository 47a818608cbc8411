import type { LaneLimits } from '../carriers/adapter.js';

/**
 * The short-term limits of a lane, kept in memory: least spacing and sliding windows (`12 per second`,
 * `100 per minute`). `earliest(now)` says when the next request may start.
 *
 * Both count from the end of requests, not their start: a carrier counts requests as they arrive, and a
 * request that waited for a login or a slow network arrives late, so counting starts would let the next
 * ones arrive too soon (a burst sent 1,000 ms after the previous one arrives 970 ms after it when the
 * first was 30 ms late, and a server counting by the second refuses it).
 * - Spacing: the next request starts `minSpacingMs` after the previous one ended, so arrivals are at
 *   least that far apart whatever the latency. A spaced lane runs one request at a time (`concurrencyOf`).
 * - Windows: a request holds its place in a window from its start until `windowMs` after its end. A
 *   request arrives after it starts and before it ends, so any `limit + 1` requests arrive at least
 *   `windowMs` apart from first to last: no window of `windowMs` (sliding or by the calendar) ever sees
 *   more than `limit` of them arrive, whatever the network does.
 */
export interface RateGate {
  /** When the next request may start: `Infinity` while the windows wait for a request to end. */
  earliest(now: number): number;
  /** A request starts. */
  record(now: number): void;
  /** A request has ended (answered or failed). */
  ended(now: number): void;
  /** The steady-state gap between requests these limits allow (for wait estimates). */
  readonly intervalMs: number;
  /** Each window's requests counted now (in flight, or ended less than `windowMs` ago): a snapshot. */
  usage(now: number): readonly WindowUse[];
}

export interface WindowUse {
  readonly limit: number;
  readonly windowMs: number;
  readonly used: number;
}

/** Requests a lane may have in flight: one when its limits space requests, else `limits.concurrency`. */
export function concurrencyOf(limits: Pick<LaneLimits, 'minSpacingMs' | 'concurrency'>): number {
  return (limits.minSpacingMs ?? 0) > 0 ? 1 : limits.concurrency;
}

export function createRateGate(limits: Pick<LaneLimits, 'minSpacingMs' | 'windows'>): RateGate {
  const spacing = limits.minSpacingMs ?? 0;
  // Per window, when each request counted in it stops counting: `Infinity` while it is in flight.
  const windows = (limits.windows ?? []).map((w) => ({ ...w, freeAt: [] as number[] }));
  let lastEnd = Number.NEGATIVE_INFINITY;

  return {
    intervalMs: Math.max(spacing, ...windows.map((w) => w.windowMs / w.limit)),
    earliest(now) {
      let at = Math.max(now, lastEnd + spacing);
      for (const w of windows) {
        w.freeAt = w.freeAt.filter((t) => t > now);
        // Full window: the next start waits until enough of the requests in it stop counting.
        if (w.freeAt.length >= w.limit) {
          const sorted = [...w.freeAt].sort((a, b) => a - b);
          at = Math.max(at, sorted[w.freeAt.length - w.limit] as number);
        }
      }
      return at;
    },
    usage: (now) =>
      windows.map((w) => ({
        limit: w.limit,
        windowMs: w.windowMs,
        used: w.freeAt.filter((t) => t > now).length,
      })),
    record() {
      for (const w of windows) w.freeAt.push(Number.POSITIVE_INFINITY);
    },
    ended(now) {
      lastEnd = Math.max(lastEnd, now);
      // Which in-flight request ended does not matter: they all count until they end.
      for (const w of windows) {
        const inFlight = w.freeAt.indexOf(Number.POSITIVE_INFINITY);
        if (inFlight >= 0) w.freeAt[inFlight] = now + w.windowMs;
      }
    },
  };
}
