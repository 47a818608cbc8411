import type { Clock } from '../../time/clock.js';
import { createRequestWindow, type RequestWindow } from '../sandbox-kit/request-window.js';

/**
 * The sandbox's request windows (CARRIERS.md: 100/minute and 1,000/hour) and the `X-RateLimit-*`
 * headers it puts on every answer. `X-RateLimit-Reset` is a Unix time in seconds (see rate-limit.ts).
 */
export interface SandboxLimits {
  /** Counts the request when there is room; otherwise the headers of a 429. */
  admit(): { readonly ok: boolean; readonly headers: Record<string, string> };
  /** The headers describing the windows now (for answers that were not counted). */
  headers(): Record<string, string>;
  enforce(on: boolean): void;
}

export interface SandboxLimitOptions {
  /** @defaultValue 100 */
  readonly perMinute?: number;
  /** @defaultValue 1000 */
  readonly perHour?: number;
  /** @defaultValue true */
  readonly enforce?: boolean;
}

interface Window {
  readonly limit: number;
  readonly windowMs: number;
  readonly counter: RequestWindow;
}

export function createSandboxLimits(clock: Clock, options: SandboxLimitOptions = {}): SandboxLimits {
  const windows: Window[] = [
    { limit: options.perMinute ?? 100, windowMs: 60_000 },
    { limit: options.perHour ?? 1000, windowMs: 3_600_000 },
  ].map((w) => ({ ...w, counter: createRequestWindow(clock, w.limit, w.windowMs) }));
  let enforcing = options.enforce ?? true;

  const headers = (): Record<string, string> => {
    // Report the window closest to its limit (the minute window on a tie).
    const remainingOf = (w: Window) => Math.max(0, w.limit - w.counter.count());
    const tightest = windows.reduce((a, b) => (remainingOf(b) < remainingOf(a) ? b : a));
    const remaining = remainingOf(tightest);
    // Full: when the next slot frees up. Otherwise: when every request counted now has left the window.
    const resetAfter = remaining === 0 ? tightest.counter.retryAfterMs() : tightest.windowMs;
    return {
      'X-RateLimit-Limit': String(tightest.limit),
      'X-RateLimit-Remaining': String(remaining),
      'X-RateLimit-Reset': String(Math.ceil((clock.now() + resetAfter) / 1000)),
    };
  };

  return {
    admit() {
      if (!enforcing) return { ok: true, headers: headers() };
      if (windows.some((w) => w.counter.retryAfterMs() > 0)) return { ok: false, headers: headers() };
      for (const w of windows) w.counter.tryTake();
      return { ok: true, headers: headers() };
    },
    headers,
    enforce(on) {
      enforcing = on;
    },
  };
}
