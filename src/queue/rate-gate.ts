import type { LaneLimits } from '../carriers/adapter.js';

/**
 * The short-term limits of a lane, kept in memory: least spacing and sliding windows (`12 per second`,
 * `100 per minute`). `earliest(now)` says when the next request may start.
 *
 * Spacing counts from the end of the previous request, not its start: a carrier measures the gap
 * between arrivals, and a request that waited for a login or a slow network arrives late, so spacing
 * starts would let the next one arrive too soon. From the end, the arrival gap is at least the spacing
 * whatever the latency. A spaced lane therefore runs one request at a time (`concurrencyOf`).
 */
export interface RateGate {
  earliest(now: number): number;
  /** A request starts. */
  record(now: number): void;
  /** A request has ended (answered or failed). */
  ended(now: number): void;
  /** The steady-state gap between requests these limits allow (for wait estimates). */
  readonly intervalMs: number;
}

/** Requests a lane may have in flight: one when its limits space requests, else `limits.concurrency`. */
export function concurrencyOf(limits: Pick<LaneLimits, 'minSpacingMs' | 'concurrency'>): number {
  return (limits.minSpacingMs ?? 0) > 0 ? 1 : limits.concurrency;
}

export function createRateGate(limits: Pick<LaneLimits, 'minSpacingMs' | 'windows'>): RateGate {
  const spacing = limits.minSpacingMs ?? 0;
  const windows = (limits.windows ?? []).map((w) => ({ ...w, starts: [] as number[] }));
  let lastEnd = Number.NEGATIVE_INFINITY;

  return {
    intervalMs: Math.max(spacing, ...windows.map((w) => w.windowMs / w.limit)),
    earliest(now) {
      let at = Math.max(now, lastEnd + spacing);
      for (const w of windows) {
        while (w.starts.length > 0 && (w.starts[0] as number) <= now - w.windowMs) w.starts.shift();
        // Full window: the next start must wait until the oldest one leaves it.
        if (w.starts.length >= w.limit)
          at = Math.max(at, (w.starts[w.starts.length - w.limit] as number) + w.windowMs);
      }
      return at;
    },
    record(now) {
      for (const w of windows) {
        w.starts.push(now);
        if (w.starts.length > w.limit) w.starts.shift();
      }
    },
    ended(now) {
      lastEnd = Math.max(lastEnd, now);
    },
  };
}
