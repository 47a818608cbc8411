import { CarrierError } from '../../domain/carrier-error.js';
import type { TrackOutcome } from '../../domain/outcome.js';
import type { HttpResponse } from '../../http/http-client.js';
import type { TrackRequest } from '../adapter.js';
import { parseJson } from '../carrier-http.js';
import { normalizeTracking } from './normalize.js';
import { type RateLimitInfo, readRateLimit, retryAfterMs } from './rate-limit.js';
import { ErrorResponseSchema, TrackingResponseSchema } from './schema.js';
import type { UnmappedCode } from './status.js';

export interface InterpretContext {
  /** The one number (or order id) this answer is about. */
  readonly request: TrackRequest;
  /** When the answer arrived (epoch ms, from the adapter's clock). */
  readonly now: number;
}

export interface Interpretation {
  /** One outcome, keyed by the request's `number`. */
  readonly outcomes: ReadonlyMap<string, TrackOutcome>;
  /** Vendor status values no table maps (the adapter logs each once). */
  readonly unmapped: readonly UnmappedCode[];
  /** What the `X-RateLimit-*` headers said. */
  readonly rateLimit: RateLimitInfo;
}

const fail = (code: CarrierError['code'], message: string, status: number, retry?: number) =>
  new CarrierError('fuuffy', code, message, {
    status,
    ...(retry === undefined ? {} : { retryAfterMs: retry }),
  });

/**
 * Reads one answer of `GET /tracking/get…` (pure). Per-number results come back as data: found,
 * `not_found` (`no_record` for ORDER_NOT_FOUND and 404, `not_allowed` for 403: not this merchant's
 * order) or `failed` with `invalid_number` for a 400 about the number itself. Whole-call failures
 * throw a CarrierError: 401 `auth_failed` (the client has already refreshed the token once), 429
 * `rate_limited` with `retryAfterMs`, 5xx `unavailable`, anything off the documented shape
 * `bad_response` (TRACKING_NUMBER_REQUIRED too: that would be our own bug).
 */
export function interpretTrackingResponse(response: HttpResponse, context: InterpretContext): Interpretation {
  const { status } = response;
  const rateLimit = readRateLimit(response.headers, context.now);
  const one = (outcome: TrackOutcome, unmapped: readonly UnmappedCode[] = []): Interpretation => ({
    outcomes: new Map([[context.request.number, outcome]]),
    unmapped,
    rateLimit,
  });

  if (status >= 200 && status < 300) {
    const parsed = TrackingResponseSchema.safeParse(jsonOf(response.body, status));
    if (!parsed.success)
      throw fail('bad_response', 'Fuuffy tracking answer is not the documented shape', status);
    const { shipment, unmapped } = normalizeTracking({
      request: context.request,
      data: parsed.data.data,
      fetchedAt: new Date(context.now).toISOString(),
    });
    return one({ kind: 'found', shipment }, unmapped);
  }
  if (status === 400) return one(interpretBadRequest(response.body));
  if (status === 401)
    throw fail('auth_failed', 'Fuuffy refused the access token after a fresh login', status);
  if (status === 403) return one({ kind: 'not_found', reason: 'not_allowed' });
  if (status === 404) {
    // A Fuuffy 404 carries its error envelope; anything else is a wrong base URL, not a missing parcel.
    if (ErrorResponseSchema.safeParse(parseJson(response.body)).success) {
      return one({ kind: 'not_found', reason: 'no_record' });
    }
    throw fail(
      'bad_response',
      'Fuuffy answered 404 without its error envelope (check FUUFFY_BASE_URL)',
      status,
    );
  }
  if (status === 429) {
    throw fail(
      'rate_limited',
      'Fuuffy rate limit reached',
      status,
      retryAfterMs(response.headers, context.now),
    );
  }
  if (status === 408) throw fail('timeout', 'Fuuffy timed out the request', status);
  if (status >= 500) throw fail('unavailable', `Fuuffy answered HTTP ${status}`, status);
  throw fail('bad_response', `Fuuffy answered an undocumented HTTP ${status}`, status);
}

function interpretBadRequest(body: string): TrackOutcome {
  const parsed = ErrorResponseSchema.safeParse(jsonOf(body, 400));
  if (!parsed.success) throw fail('bad_response', 'Fuuffy 400 answer is not the documented shape', 400);
  const error = parsed.data.error;
  const errorCode = typeof error === 'string' ? undefined : error.error_code?.trim().toUpperCase();
  if (errorCode === 'ORDER_NOT_FOUND') return { kind: 'not_found', reason: 'no_record' };
  if (errorCode === 'TRACKING_NUMBER_REQUIRED') {
    throw fail('bad_response', 'Fuuffy says the request had no tracking number (an adapter bug)', 400);
  }
  const fields = typeof error === 'string' ? [] : error.error_trace.map((t) => t.field?.trim().toLowerCase());
  const aboutTheNumber =
    fields.some((f) => f === 'tracking_number' || f === 'order_id') ||
    /TRACKING_NUMBER|ORDER_ID/.test(errorCode ?? '');
  if (aboutTheNumber) {
    const error = new CarrierError(
      'fuuffy',
      'invalid_number',
      `Fuuffy refused the number${named(errorCode)}`,
      {
        status: 400,
      },
    );
    return { kind: 'failed', error };
  }
  throw fail('bad_response', `Fuuffy refused the request${named(errorCode)}`, 400);
}

/**
 * An `error_code` as an error message may name it: Fuuffy's codes are upper-case words joined by `_`
 * (`ORDER_NOT_FOUND`, seeds/003); anything else is upstream text, which messages never copy.
 */
const named = (errorCode: string | undefined): string =>
  !errorCode ? '' : /^[A-Z0-9_]{1,64}$/.test(errorCode) ? ` (${errorCode})` : ' (an undocumented error_code)';

function jsonOf(body: string, status: number): unknown {
  const parsed = parseJson(body);
  if (parsed === undefined) throw fail('bad_response', 'Fuuffy answer is not JSON', status);
  return parsed;
}
