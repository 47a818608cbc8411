import type { KeyValueCache } from '../cache/memory-cache.js';
import type { AdapterId, CarrierId } from '../domain/carrier.js';
import type { Locale } from '../domain/locale.js';
import type { TrackOutcome } from '../domain/outcome.js';
import type { TrackingNumber } from '../domain/tracking-number.js';
import type { HttpClient } from '../http/http-client.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../time/clock.js';

/** One number to look up, with what detection knows about it. */
export interface TrackRequest {
  readonly number: TrackingNumber;
  readonly carrier: CarrierId;
  /** TrackingMore's courier code for `carrier` (detection supplies it). */
  readonly courierCode?: string;
  /** Look the reference up as the platform's order id instead (Fuuffy: `/track order:3550806`). */
  readonly byOrderId?: boolean;
  /** What some carriers need besides the number (TrackingMore asks for them per courier). */
  readonly destinationCountry?: string;
  readonly postalCode?: string;
  /** `YYYYMMDD`. */
  readonly shipDate?: string;
}

export interface TrackContext {
  /** The chat's language: adapters that can ask the carrier for it do. */
  readonly locale: Locale;
  readonly signal?: AbortSignal;
}

/**
 * How Postie asks one carrier API. `track` is one upstream call (plus a login when the token is missing
 * or stale) for at most `limits.batchSize` requests, and answers one outcome per request number. It
 * throws only a `CarrierError`, and only when the call as a whole failed.
 */
export interface CarrierAdapter {
  readonly id: AdapterId;
  track(requests: readonly TrackRequest[], context: TrackContext): Promise<ReadonlyMap<string, TrackOutcome>>;
  /**
   * The account's paid credits left, for carriers that charge per lookup and say (TrackingMore). One
   * request, asked rarely (`postie start`: hourly), outside the lane. Throws a `CarrierError`.
   */
  credits?(signal?: AbortSignal): Promise<number>;
}

/**
 * A carrier API's limits, as data next to its adapter (STYLE.md §8). The queue enforces them; the
 * adapter never waits on its own.
 */
export interface LaneLimits {
  /** Least time between the end of one request and the start of the next (see `queue/rate-gate.ts`). */
  readonly minSpacingMs?: number;
  /** At most `limit` requests per `windowMs` (sliding), for each window listed. */
  readonly windows?: readonly { readonly limit: number; readonly windowMs: number }[];
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** Numbers per request. */
  readonly batchSize: number;
  /** How long to gather lookups for one batch before sending it. */
  readonly batchWindowMs: number;
  /** Per-request time limit. */
  readonly requestTimeoutMs: number;
  /** Requests per calendar day in `timeZone`, counted across restarts. */
  readonly dailyQuota?: { readonly limit: number; readonly timeZone: string };
  /** Requests per rolling 24 hours, counted across restarts. */
  readonly rollingDayQuota?: number;
  /** Send nothing for this long after the carrier says "too many requests" without saying how long. */
  readonly pauseAfterRateLimitMs?: number;
  /** How long an answer may be served from cache. */
  readonly cacheTtlMs: number;
}

export interface AdapterDeps {
  readonly http: HttpClient;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Answers kept between calls (TrackingMore: realtime answers and courier detection). */
  readonly cache: KeyValueCache;
  /** Overrides `limits.requestTimeoutMs` (tests use a short one). */
  readonly requestTimeoutMs?: number;
}
