import { CarrierError, type CarrierErrorCode } from '../../domain/carrier-error.js';
import { parseJson, retryAfterHeaderMs } from '../carrier-http.js';
import { envelopeSchema } from './schema.js';
import { PAUSE_AFTER_429_MS } from './waits.js';

/**
 * TrackingMore v2 answers: the HTTP status, then `meta.code`. Codes from
 * https://www.trackingmore.com/api-status_code.html (and CARRIERS.md "TrackingMore").
 */

/** One HTTP answer as the client received it. */
export interface RawAnswer {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What an answer means for the number asked, when the call as a whole did not fail. */
export type NormalizedAnswer =
  | { readonly kind: 'data'; readonly data: unknown }
  /** 4017 "tracking does not exist", 4031 "the response is empty". */
  | { readonly kind: 'not_found' }
  /** 4032: the courier cannot be detected. */
  | { readonly kind: 'no_courier' }
  /** TrackingMore refused this number (or its courier code): a per-number failure. */
  | { readonly kind: 'refused'; readonly error: CarrierError };

/** `meta.code`s that fail the whole call. */
const WHOLE_CALL: ReadonlyMap<number, readonly [CarrierErrorCode, string]> = new Map([
  [401, ['auth_failed', 'TrackingMore refused the API key (401)']],
  [4001, ['auth_failed', 'TrackingMore refused the API key as invalid (4001)']],
  [4002, ['auth_failed', 'TrackingMore says the API key was deleted (4002)']],
  [403, ['auth_failed', 'TrackingMore denied access (403)']],
  [4018, ['auth_failed', 'TrackingMore has not enabled this feature for the account (4018)']],
  [402, ['quota_exhausted', 'TrackingMore asks for payment (402)']],
  [4019, ['quota_exhausted', 'The TrackingMore balance is insufficient (4019)']],
  [4021, ['quota_exhausted', 'The TrackingMore quota is used up or the trial has ended (4021)']],
  [202, ['rate_limited', 'TrackingMore accepted the request but it exceeds the limit (202)']],
  [4020, ['rate_limited', 'TrackingMore refused too many numbers at once (4020)']],
  [500, ['unavailable', 'TrackingMore had a server error (500)']],
  [503, ['unavailable', 'TrackingMore is temporarily unavailable (503)']],
]);

/**
 * Reads the envelope of any v2 answer. Throws a `CarrierError` when the call as a whole failed;
 * otherwise says what the answer holds for the number. `courierCode` names the code sent, for messages.
 */
export function readEnvelope(answer: RawAnswer, courierCode: string | undefined): NormalizedAnswer {
  if (answer.status >= 500) throw fail('unavailable', `TrackingMore answered HTTP ${answer.status}`, answer);
  if (answer.status === 429 || answer.status === 401 || answer.status === 403) {
    throw metaFailure(answer.status, answer);
  }
  const envelope = envelopeSchema.safeParse(parseJson(answer.body));
  if (!envelope.success) {
    if (answer.status === 402) throw metaFailure(402, answer);
    throw fail('bad_response', `TrackingMore sent an answer without meta (HTTP ${answer.status})`, answer);
  }
  const { code } = envelope.data.meta;
  const ok = answer.status >= 200 && answer.status < 300;
  // 4016 "tracking already exists" only says the number was known before: the realtime data follows.
  if (code === 200 || code === 201 || code === 4016) {
    if (!ok) throw fail('bad_response', `TrackingMore sent meta ${code} with HTTP ${answer.status}`, answer);
    return { kind: 'data', data: envelope.data.data };
  }
  if (code === 4017 || code === 4031) return { kind: 'not_found' };
  if (code === 4032) return { kind: 'no_courier' };
  if (code === 4013 || code === 4014) {
    return refused(`TrackingMore refused the tracking number as invalid (${code})`);
  }
  if (code === 4015) {
    const which = courierCode === undefined ? 'the courier code' : `courier code "${courierCode}"`;
    return refused(`TrackingMore does not accept ${which} (4015); choose another carrier`);
  }
  if (code === 4012) {
    return refused(
      'TrackingMore needs more details for this courier (4012): destination country, postal code or ship date',
    );
  }
  throw metaFailure(code, answer);
}

function metaFailure(code: number, answer: RawAnswer): CarrierError {
  if (code === 429) {
    // TrackingMore sends delay-seconds, if anything (capped); a date form would need the time of the answer,
    // so it is ignored.
    const header = answer.headers['retry-after'];
    const hinted =
      header !== undefined && /^\s*\d+\s*$/.test(header) ? (retryAfterHeaderMs(header, 0) ?? 0) : 0;
    const retryAfterMs = Math.max(PAUSE_AFTER_429_MS, hinted);
    return fail('rate_limited', 'TrackingMore says too many requests (429)', answer, retryAfterMs);
  }
  const known = WHOLE_CALL.get(code);
  if (known) return fail(known[0], known[1], answer);
  return fail('bad_response', `TrackingMore sent an unexpected meta.code ${code}`, answer);
}

function refused(message: string): NormalizedAnswer {
  return { kind: 'refused', error: new CarrierError('trackingmore', 'invalid_number', message) };
}

function fail(
  code: CarrierErrorCode,
  message: string,
  answer: RawAnswer,
  retryAfterMs?: number,
): CarrierError {
  return new CarrierError('trackingmore', code, message, {
    status: answer.status,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}
