import { CarrierError } from '../../domain/carrier-error.js';
import type { TrackOutcome } from '../../domain/outcome.js';
import { toTrackingNumber } from '../../domain/tracking-number.js';
import type { TrackRequest } from '../adapter.js';
import { parseJson, retryAfterHeaderMs } from '../carrier-http.js';
import { normalizeParcel } from './normalize.js';
import { type ParcelError, ParcelErrorEnvelopeSchema, ParcelResponseSchema } from './schema.js';

/** One HTTP answer from `GET /parcels/{tracking_reference}`, as the HTTP client returns it. */
export interface ParcelAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What was asked, and when (epoch ms, for `fetchedAt` and `Retry-After` dates). */
export interface ParcelQuestion {
  readonly request: TrackRequest;
  readonly atMs: number;
}

/** Things worth a log line that do not change the outcome. */
type ParcelNote =
  /** 200001 partial results / 200002 data may be incomplete. */
  | { readonly kind: 'partial'; readonly code: string }
  | { readonly kind: 'unmapped_code'; readonly code: string };

export interface InterpretedParcel {
  readonly outcome: TrackOutcome;
  readonly notes: readonly ParcelNote[];
}

const fail = (code: CarrierError['code'], message: string, status: number, retryAfterMs?: number) =>
  new CarrierError('nz-post', code, message, {
    status,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });

/**
 * Pure: one ParcelTrack answer → the outcome for the one number asked, or a thrown CarrierError when
 * the call as a whole failed. Error codes are NZ Post's (seeds/002; first three digits = HTTP status):
 * 200001/200002 found with a warning; 400002 → this number `invalid_number`; 400001/400003 and other
 * 4xx → `bad_response` (our request was wrong); 401/403 → `auth_failed`; 5xx → `unavailable`.
 * Not found: a 404 in NZ Post's envelope, or success with no results or no tracking events for the
 * number (ParcelTrack documents that events are absent while a parcel has no scans).
 */
export function interpretParcelResponse(answer: ParcelAnswer, question: ParcelQuestion): InterpretedParcel {
  const { status } = answer;
  if (status >= 500) throw fail('unavailable', `NZ Post answered HTTP ${status}`, status);
  if (status === 401 || status === 403) {
    throw fail('auth_failed', `NZ Post refused the credentials (HTTP ${status})`, status);
  }
  if (status === 429) {
    const retryAfterMs = retryAfterHeaderMs(answer.headers['retry-after'], question.atMs);
    throw fail('rate_limited', 'NZ Post answered HTTP 429', status, retryAfterMs);
  }
  const doc = parseJson(answer.body);
  if (status >= 200 && status < 300) return readSuccess(doc, status, question);
  const envelope = ParcelErrorEnvelopeSchema.safeParse(doc);
  const code = envelope.success ? envelope.data.errors[0]?.code : undefined;
  if (status === 404 && envelope.success) return { outcome: notFound(), notes: [] };
  if (status === 400 && code === '400002') return { outcome: refused(status), notes: [] };
  const detail = code === undefined ? '' : `, error ${codeText(code)}`;
  const hint = status === 404 ? ' outside the ParcelTrack envelope (is NZPOST_BASE_URL right?)' : '';
  throw fail('bad_response', `NZ Post refused the request (HTTP ${status}${detail})${hint}`, status);
}

function readSuccess(doc: unknown, status: number, question: ParcelQuestion): InterpretedParcel {
  const parsed = ParcelResponseSchema.safeParse(doc);
  if (!parsed.success) {
    throw fail('bad_response', 'NZ Post sent a parcel answer without the documented shape', status);
  }
  const { success, results, errors } = parsed.data;
  if (!success) return { outcome: failedCall(errors ?? [], status), notes: [] };
  const notes: ParcelNote[] = (errors ?? [])
    .filter((e) => e.code === '200001' || e.code === '200002')
    .map((e) => ({ kind: 'partial', code: e.code }));
  if (!results) return { outcome: notFound(), notes };
  if (toTrackingNumber(results.tracking_reference) !== question.request.number) {
    throw fail('bad_response', 'NZ Post answered about a different tracking reference', status);
  }
  if ((results.tracking_events ?? []).length === 0) return { outcome: notFound(), notes };
  const { shipment, unmappedCodes } = normalizeParcel(results, question.request, question.atMs);
  for (const code of unmappedCodes) notes.push({ kind: 'unmapped_code', code });
  return { outcome: { kind: 'found', shipment }, notes };
}

/** `success: false` inside a 2xx: classified by the first error's code, as its HTTP status would be. */
function failedCall(errors: readonly ParcelError[], status: number): TrackOutcome {
  const code = errors[0]?.code ?? '';
  if (code === '400002') return refused(status);
  if (code.startsWith('404')) return notFound();
  if (code.startsWith('401') || code.startsWith('403')) {
    throw fail('auth_failed', `NZ Post refused the credentials (error ${codeText(code)})`, status);
  }
  if (code.startsWith('5')) throw fail('unavailable', `NZ Post reported error ${codeText(code)}`, status);
  throw fail('bad_response', `NZ Post reported error ${codeText(code)} for our request`, status);
}

/**
 * A vendor error code as an error message may name it: ParcelTrack's codes are six digits, the first
 * three the HTTP status (CARRIERS.md); anything else is upstream text, which messages never copy.
 */
const codeText = (code: string): string =>
  code === '' ? '(none)' : /^\d{6}$/.test(code) ? code : '(not a ParcelTrack code)';

const notFound = (): TrackOutcome => ({ kind: 'not_found', reason: 'no_record' });

const refused = (status: number): TrackOutcome => ({
  kind: 'failed',
  error: fail('invalid_number', 'NZ Post refused the tracking reference (error 400002)', status),
});
