/**
 * Whole-request failures of a carrier call (DESIGN.md), plus the queue's own two. `retryAfterMs` says
 * when asking again makes sense; the queue decides whether to retry.
 */
export const CARRIER_ERROR_CODES = [
  /** Credentials refused (and refused again after a fresh login). */
  'auth_failed',
  /** Too many requests now; `retryAfterMs` when the carrier says. */
  'rate_limited',
  /** The daily or account quota is used up; retrying before `retryAfterMs` cannot help. */
  'quota_exhausted',
  /** The carrier is down, answered 5xx, or could not be reached (or its breaker is open). */
  'unavailable',
  /** The answer did not have the documented shape. */
  'bad_response',
  /** The carrier refused the number itself. */
  'invalid_number',
  /** No answer within the adapter's time limit. */
  'timeout',
  /** Postie's own queue is too long for an interactive lookup to wait; `retryAfterMs` is the estimate. */
  'busy',
] as const;
export type CarrierErrorCode = (typeof CARRIER_ERROR_CODES)[number];

export interface CarrierErrorOptions {
  readonly retryAfterMs?: number;
  /** The HTTP status, when the failure came with one. */
  readonly status?: number;
  /**
   * The carrier refused a batch of several numbers as a whole for something about one of them (Hongkong
   * Post 9998): asked in smaller batches, each number gets its own answer. @defaultValue false
   */
  readonly batchRefused?: boolean;
  readonly cause?: unknown;
}

/**
 * `CarrierError[hongkong-post:rate_limited]`: the adapter and the code in the name, a message safe to log
 * (no tokens, keys or bodies: adapters write it, never copy upstream text into it wholesale).
 */
export class CarrierError extends Error {
  readonly adapter: string;
  readonly code: CarrierErrorCode;
  readonly retryAfterMs?: number;
  readonly status?: number;
  /** See {@link CarrierErrorOptions.batchRefused}. */
  readonly batchRefused?: boolean;

  constructor(adapter: string, code: CarrierErrorCode, message: string, options: CarrierErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = `CarrierError[${adapter}:${code}]`;
    this.adapter = adapter;
    this.code = code;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.status !== undefined) this.status = options.status;
    if (options.batchRefused) this.batchRefused = true;
  }

  /** Transient: worth retrying after a pause (the queue also honours `retryAfterMs`). */
  get transient(): boolean {
    return this.code === 'unavailable' || this.code === 'timeout' || this.code === 'rate_limited';
  }
}
