/**
 * Fuuffy's `X-RateLimit-Limit / -Remaining / -Reset` headers (CARRIERS.md: 100 requests/minute and
 * 1,000/hour, 429 beyond). Fuuffy does not say what unit `X-RateLimit-Reset` is in. In the `X-RateLimit-*`
 * family it is usually a Unix time in seconds (GitHub, Auth0, GitLab's `RateLimit-Reset`), while the
 * IETF draft's `RateLimit-Reset` counts seconds until the reset. Both are read here, told apart by size:
 * a value of 10^9 or more is a Unix time (seconds; 10^12 or more, milliseconds), a smaller one is a
 * number of seconds from now. The sandbox sends Unix seconds.
 */
import { MAX_RETRY_AFTER_MS } from '../carrier-http.js';

export interface RateLimitInfo {
  readonly limit?: number;
  readonly remaining?: number;
  /** Milliseconds from the answer until the window resets. */
  readonly resetInMs?: number;
}

/** A Unix time in seconds is at least this (2001-09-09); anything smaller is a duration. */
const EPOCH_SECONDS_FLOOR = 1e9;
/** A Unix time in milliseconds is at least this. */
const EPOCH_MS_FLOOR = 1e12;
/** A reset already past (clock skew) still gets a short pause rather than an immediate retry. */
const MIN_WAIT_MS = 1_000;

/** The headers' rate-limit state; fields it cannot read are left out. Header names are lower case. */
export function readRateLimit(headers: Readonly<Record<string, string>>, now: number): RateLimitInfo {
  const limit = count(headers['x-ratelimit-limit']);
  const remaining = count(headers['x-ratelimit-remaining']);
  const resetInMs = resetDelayMs(headers['x-ratelimit-reset'], now);
  return {
    ...(limit !== undefined && { limit }),
    ...(remaining !== undefined && { remaining }),
    ...(resetInMs !== undefined && { resetInMs }),
  };
}

/**
 * How long to wait after a 429: `Retry-After` (seconds or an HTTP date) when present, else
 * `X-RateLimit-Reset`; `undefined` when neither is readable (the queue then uses its own pause).
 */
export function retryAfterMs(headers: Readonly<Record<string, string>>, now: number): number | undefined {
  const retryAfter = headers['retry-after']?.trim();
  if (retryAfter) {
    const seconds = /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined;
    const at = seconds === undefined ? Date.parse(retryAfter) : undefined;
    const wait =
      seconds !== undefined ? seconds * 1000 : at !== undefined && !Number.isNaN(at) ? at - now : NaN;
    const clamped = clamp(wait);
    if (clamped !== undefined) return clamped;
  }
  return resetDelayMs(headers['x-ratelimit-reset'], now);
}

function resetDelayMs(value: string | undefined, now: number): number | undefined {
  const trimmed = value?.trim();
  if (!trimmed || !/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  const n = Number(trimmed);
  if (n >= EPOCH_MS_FLOOR) return clamp(n - now);
  if (n >= EPOCH_SECONDS_FLOOR) return clamp(n * 1000 - now);
  return clamp(n * 1000);
}

/** A readable wait, between a second and {@link MAX_RETRY_AFTER_MS} (a hint is outside input). */
function clamp(ms: number): number | undefined {
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(MIN_WAIT_MS, Math.ceil(ms)));
}

function count(value: string | undefined): number | undefined {
  const trimmed = value?.trim();
  return trimmed && /^\d+$/.test(trimmed) ? Number(trimmed) : undefined;
}
