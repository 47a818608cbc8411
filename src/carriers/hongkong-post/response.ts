import { CarrierError } from '../../domain/carrier-error.js';
import type { TrackOutcome } from '../../domain/outcome.js';
import type { TrackingNumber } from '../../domain/tracking-number.js';
import type { HttpResponse } from '../../http/http-client.js';
import type { Logger } from '../../logger.js';
import { parseJson, retryAfterHeaderMs } from '../carrier-http.js';
import { normalizeDeliveryResult } from './normalize.js';
import {
  authenticateResponse,
  deliveryResult,
  itemNumberOnly,
  mailTrackingResponse,
  statusEnvelope,
  type TrackingLang,
} from './schema.js';
import { ADAPTER_ID, codeError, codeMeaning } from './status-codes.js';

/** The documented token lifetime ("the token is valid for 15 minutes", seed 000). */
const TOKEN_LIFETIME_MS = 15 * 60_000;

/** What was asked, which the answer is read against. */
export interface MailTrackingQuestion {
  readonly numbers: readonly TrackingNumber[];
  readonly lang: TrackingLang;
  /** `deps.clock.now()` when the answer came: `fetchedAt` and the wait until Hong Kong midnight. */
  readonly nowMs: number;
  readonly logger: Logger;
}

const fail = (message: string, status?: number) =>
  new CarrierError(ADAPTER_ID, 'bad_response', message, status === undefined ? {} : { status });

/** Failures told by the HTTP status alone: 5xx (any body), 429, 401/403. */
function checkHttpStatus(answer: HttpResponse): void {
  const { status } = answer;
  if (status >= 500) {
    throw new CarrierError(ADAPTER_ID, 'unavailable', `Hongkong Post answered HTTP ${status}`, { status });
  }
  if (status === 429) {
    // Hongkong Post documents no Retry-After; a proxy's, when readable, is taken (capped), else a second.
    const retryAfterMs = retryAfterHeaderMs(answer.headers['retry-after'], 0) ?? 1000;
    throw new CarrierError(ADAPTER_ID, 'rate_limited', 'Hongkong Post answered HTTP 429', {
      status,
      retryAfterMs,
    });
  }
  if (status === 401 || status === 403) {
    throw new CarrierError(
      ADAPTER_ID,
      'auth_failed',
      `Hongkong Post refused the credentials (HTTP ${status})`,
      {
        status,
      },
    );
  }
}

/** Whether Hongkong Post refused the token (HTTP 401 or status 9992): worth one fresh login and retry. */
export function isCredentialRefusal(answer: HttpResponse): boolean {
  if (answer.status === 401) return true;
  const envelope = statusEnvelope.safeParse(parseJson(answer.body));
  return envelope.success && envelope.data.status === 9992;
}

/** The `/api/authenticate` answer as a token and the instant to stop using it. */
export function interpretAuthenticate(
  answer: HttpResponse,
  nowMs: number,
): { token: string; expiresAtMs: number } {
  checkHttpStatus(answer);
  const json = parseJson(answer.body);
  const token = authenticateResponse.safeParse(json);
  if (token.success && answer.status < 300) {
    const vendorMs = token.data.expiry === undefined ? Number.NaN : token.data.expiry * 1000;
    // The earlier of Hongkong Post's expiry and 15 minutes from now; an expiry already past by our clock
    // (clock skew) is ignored rather than forcing a login per call.
    const latest = nowMs + TOKEN_LIFETIME_MS;
    const expiresAtMs = vendorMs > nowMs ? Math.min(vendorMs, latest) : latest;
    return { token: token.data.id_token, expiresAtMs };
  }
  const envelope = statusEnvelope.safeParse(json);
  if (envelope.success && envelope.data.status !== 0)
    throw codeError(envelope.data.status, nowMs, answer.status);
  throw fail('the authenticate answer has no token', answer.status);
}

/** The outcome a non-zero item code stands for; `undefined` for 0 (success). */
function codeOutcome(code: number, nowMs: number): TrackOutcome | undefined {
  const meaning = codeMeaning(code);
  if (meaning.kind === 'success') return undefined;
  if (meaning.kind === 'not_found') return { kind: 'not_found', reason: meaning.reason };
  return { kind: 'failed', error: codeError(code, nowMs) };
}

/**
 * Codes about the numbers themselves. At the top level they speak for a number the items leave out when
 * it is the only one left out; when several are, no one can tell whose code it is (see below).
 */
const PER_NUMBER_CODES: ReadonlySet<number> = new Set([1001, 1002, 1003, 1004]);

/**
 * 9998 "Invalid input" (seed 000, Appendix A, no more detail) refuses the whole request. With our own
 * request format right (9993 says when it is not), the likeliest cause is one item the service cannot
 * read: for several numbers the batch is asked again in parts (`batchRefused`), and a number asked alone
 * gets it as its own refusal. One bad item never fails the other numbers of its batch.
 */
const ITEM_INPUT_CODE = 9998;

function itemOutcome(number: TrackingNumber, raw: unknown, question: MailTrackingQuestion): TrackOutcome {
  const item = deliveryResult.safeParse(raw);
  if (!item.success)
    return { kind: 'failed', error: fail('an item of the answer has not the documented shape') };
  const refused = codeOutcome(item.data.status, question.nowMs);
  if (refused) return refused;
  try {
    const shipment = normalizeDeliveryResult(number, item.data, {
      lang: question.lang,
      fetchedAt: new Date(question.nowMs).toISOString(),
      logger: question.logger,
    });
    return { kind: 'found', shipment };
  } catch (error) {
    if (error instanceof CarrierError) return { kind: 'failed', error };
    throw error;
  }
}

const tidy = (n: string) => n.replace(/\s+/g, '').toUpperCase();

/**
 * Reads one `mailTracking` answer into an outcome per asked number, or throws the CarrierError of a
 * whole-call failure. Pure apart from logging (unmapped texts, and requests Hongkong Post called malformed).
 */
export function interpretMailTracking(
  answer: HttpResponse,
  question: MailTrackingQuestion,
): Map<string, TrackOutcome> {
  checkHttpStatus(answer);
  const envelope = mailTrackingResponse.safeParse(parseJson(answer.body));
  if (!envelope.success) throw fail('the tracking answer has not the documented shape', answer.status);
  const { status, errMsg, deliveryResultList } = envelope.data;
  const meaning = codeMeaning(status);
  if (status === ITEM_INPUT_CODE && answer.status < 300) {
    const [only] = question.numbers;
    if (question.numbers.length > 1 || only === undefined)
      throw codeError(status, question.nowMs, answer.status, true);
    return new Map([[only, { kind: 'failed', error: codeError(status, question.nowMs, answer.status) }]]);
  }
  if (meaning.kind === 'error' && !PER_NUMBER_CODES.has(status)) {
    if (meaning.ourRequestWasWrong) {
      question.logger.error(
        { adapter: ADAPTER_ID, status, errMsg },
        'Hongkong Post refused our request as malformed',
      );
    }
    throw codeError(status, question.nowMs, answer.status);
  }
  if (answer.status >= 300 && status === 0) throw fail(`HTTP ${answer.status} with status 0`, answer.status);

  const outcomes = new Map<TrackingNumber, TrackOutcome>();
  const leftOut = codeOutcome(status, question.nowMs);
  const asked = new Map(question.numbers.map((n) => [tidy(n), n]));
  for (const raw of deliveryResultList) {
    const head = itemNumberOnly.safeParse(raw);
    const number = head.success ? asked.get(tidy(head.data.itemNo)) : undefined;
    if (number === undefined || outcomes.has(number)) continue;
    outcomes.set(number, itemOutcome(number, raw, question));
  }
  const missing = question.numbers.filter((number) => !outcomes.has(number));
  // A top-level refusal of one number among several left out: whose it is cannot be told, so the batch is
  // asked again in parts rather than lending one number's code to the others.
  if (leftOut && missing.length > 1) throw codeError(status, question.nowMs, answer.status, true);
  for (const number of missing) {
    outcomes.set(number, leftOut ?? { kind: 'failed', error: fail('the answer left this number out') });
  }
  return outcomes;
}
