import type { LaneLimits } from '../carriers/adapter.js';

/**
 * The short-term limits of a lane, kept in memory: least spacing between request starts and sliding
 * windows (`12 per second`, `100 per minute`). `earliest(now)` says when the next request may start.
 */
export interface RateGate {
  earliest(now: number): number;
  record(now: number): void;
  /** The steady-state gap between requests these limits allow (for wait estimates). */
  readonly intervalMs: number;
}

export function createRateGate(limits: Pick<LaneLimits, 'minSpacingMs' | 'windows'>): RateGate {
  const spacing = limits.minSpacingMs ?? 0;
  const windows = (limits.windows ?? []).map((w) => ({ ...w, starts: [] as number[] }));
  let lastStart = Number.NEGATIVE_INFINITY;

  return {
    intervalMs: Math.max(spacing, ...windows.map((w) => w.windowMs / w.limit)),
    earliest(now) {
      let at = Math.max(now, lastStart + spacing);
      for (const w of windows) {
        while (w.starts.length > 0 && (w.starts[0] as number) <= now - w.windowMs) w.starts.shift();
        // Full window: the next start must wait until the oldest one leaves it.
        if (w.starts.length >= w.limit)
          at = Math.max(at, (w.starts[w.starts.length - w.limit] as number) + w.windowMs);
      }
      return at;
    },
    record(now) {
      lastStart = now;
      for (const w of windows) {
        w.starts.push(now);
        if (w.starts.length > w.limit) w.starts.shift();
      }
    },
  };
}
