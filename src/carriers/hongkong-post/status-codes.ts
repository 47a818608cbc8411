import { CarrierError, type CarrierErrorCode } from '../../domain/carrier-error.js';
import type { NotFoundReason } from '../../domain/outcome.js';
import { offsetMinutesAt } from '../../time/zoned-time.js';

export const ADAPTER_ID = 'hongkong-post';

/**
 * Appendix A "Status Code and Error Message" of the Hongkong Post Mail Tracking API document
 * (seed 000, https://partner.hongkongpost.hk/mailTrackingAPI/), verbatim. The same codes answer at the
 * top level and per item.
 */
export const APPENDIX_A = {
  0: 'Success',
  1001: 'item number does not exist',
  1002: 'Invalid item number format',
  1003: 'Tracking period has been expired',
  1004: 'Item no not allowed to enquiry',
  9991: 'Exceed API request frequency',
  9992: 'Invalid Credential',
  9993: 'Invalid API format',
  9994: 'Exceed API request limit',
  9995: 'Exceed the max. enquiry items',
  9996: 'Invalid Language',
  9997: 'Empty item number array',
  9998: 'Invalid input',
  9999: 'Service temporary unavailable',
} as const;
export type AppendixACode = keyof typeof APPENDIX_A;

/** What a code means for Postie. */
export type CodeMeaning =
  | { readonly kind: 'success' }
  /** Nothing to show for this number. */
  | { readonly kind: 'not_found'; readonly reason: NotFoundReason }
  /** A failure; per item it fails that number, at the top level the whole call. */
  | {
      readonly kind: 'error';
      readonly code: CarrierErrorCode;
      /** We sent something Hongkong Post refused as malformed: a bug on our side, logged as an error. */
      readonly ourRequestWasWrong?: boolean;
      readonly retryAfter?: 'one_second' | 'hong_kong_midnight';
    };

/** Every Appendix A code mapped (a test lists them all). */
const CODE_MEANINGS: Readonly<Record<AppendixACode, CodeMeaning>> = {
  0: { kind: 'success' },
  1001: { kind: 'not_found', reason: 'no_record' },
  1002: { kind: 'error', code: 'invalid_number' },
  1003: { kind: 'not_found', reason: 'expired' },
  1004: { kind: 'not_found', reason: 'not_allowed' },
  // Seed: "The frequency of request: 100ms"; asking again a second later is safely past it.
  9991: { kind: 'error', code: 'rate_limited', retryAfter: 'one_second' },
  // The client has already logged in again once and retried when this reaches the interpreter.
  9992: { kind: 'error', code: 'auth_failed' },
  9993: { kind: 'error', code: 'bad_response', ourRequestWasWrong: true },
  // Seed: "Request limit per day: 100,000"; the day is Hong Kong's (CARRIERS.md).
  9994: { kind: 'error', code: 'quota_exhausted', retryAfter: 'hong_kong_midnight' },
  9995: { kind: 'error', code: 'bad_response', ourRequestWasWrong: true },
  9996: { kind: 'error', code: 'bad_response', ourRequestWasWrong: true },
  9997: { kind: 'error', code: 'bad_response', ourRequestWasWrong: true },
  // "Invalid input": with our request format right (9993 otherwise), an item it could not read.
  9998: { kind: 'error', code: 'invalid_number' },
  9999: { kind: 'error', code: 'unavailable' },
};

function isAppendixACode(code: number): code is AppendixACode {
  return Object.hasOwn(CODE_MEANINGS, code);
}

/** The meaning of `code`; a code outside Appendix A is an answer we cannot read. */
export function codeMeaning(code: number): CodeMeaning {
  return isAppendixACode(code) ? CODE_MEANINGS[code] : { kind: 'error', code: 'bad_response' };
}

const HONG_KONG = 'Asia/Hong_Kong';
const DAY_MS = 86_400_000;

/** Milliseconds from `nowMs` to the next midnight in Hong Kong, when the daily request count starts again. */
export function msUntilHongKongMidnight(nowMs: number): number {
  const offsetMs = offsetMinutesAt(HONG_KONG, nowMs) * 60_000;
  const localMs = nowMs + offsetMs;
  const nextLocalMidnight = Math.floor(localMs / DAY_MS) * DAY_MS + DAY_MS;
  return nextLocalMidnight - offsetMs - nowMs;
}

/**
 * The CarrierError for an error `code` (or a code outside Appendix A), with `retryAfterMs` where implied;
 * `batchRefused` when the code refused a batch for one of its items (see `interpretMailTracking`).
 */
export function codeError(code: number, nowMs: number, status?: number, batchRefused = false): CarrierError {
  const meaning = codeMeaning(code);
  const errorCode = meaning.kind === 'error' ? meaning.code : 'bad_response';
  const retry = meaning.kind === 'error' ? meaning.retryAfter : undefined;
  const retryAfterMs =
    retry === 'one_second'
      ? 1000
      : retry === 'hong_kong_midnight'
        ? msUntilHongKongMidnight(nowMs)
        : undefined;
  const name = isAppendixACode(code) ? APPENDIX_A[code] : 'a status code outside Appendix A';
  return new CarrierError(ADAPTER_ID, errorCode, `Hongkong Post answered status ${code} (${name})`, {
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(status === undefined ? {} : { status }),
    ...(batchRefused ? { batchRefused } : {}),
  });
}
