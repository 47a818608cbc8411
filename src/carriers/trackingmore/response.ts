import { CarrierError } from '../../domain/carrier-error.js';
import type { TrackOutcome } from '../../domain/outcome.js';
import type { Logger } from '../../logger.js';
import type { TrackRequest } from '../adapter.js';
import { type NormalizedAnswer, type RawAnswer, readEnvelope } from './meta-codes.js';
import { normalizeItem } from './normalize.js';
import { accountDataSchema, detectDataSchema, realtimeDataSchema } from './schema.js';

export type { RawAnswer } from './meta-codes.js';

export interface RealtimeAsk {
  readonly request: TrackRequest;
  /** The courier code sent as `carrier_code` (the request's, or the detected one). */
  readonly courierCode: string;
  /** When Postie asked (ISO 8601, UTC). */
  readonly fetchedAt: string;
  readonly logger?: Logger;
}

/**
 * Interprets one `POST /trackings/realtime` answer (pure): the outcome for the one number asked, or a
 * thrown `CarrierError` when the call as a whole failed (key, quota, rate, outage, wrong shape).
 */
export function interpretRealtime(answer: RawAnswer, ask: RealtimeAsk): TrackOutcome {
  const verdict = readEnvelope(answer, ask.courierCode);
  if (verdict.kind !== 'data') return outcomeOf(verdict);
  const parsed = realtimeDataSchema.safeParse(verdict.data);
  if (!parsed.success) throw badResponse('a realtime answer without the documented items');
  const asked = compact(ask.request.number);
  const items = parsed.data.items;
  if (items.length === 0) return { kind: 'not_found', reason: 'no_record' };
  const item = items.find((candidate) => compact(candidate.tracking_number) === asked);
  if (!item) throw badResponse('a realtime answer about another number');
  return normalizeItem(item, {
    request: ask.request,
    fetchedAt: ask.fetchedAt,
    ...(ask.logger === undefined ? {} : { logger: ask.logger }),
  });
}

/** The account's credits left, from one `GET /trackings/getuserinfo` answer (pure); throws a `CarrierError`. */
export function interpretAccount(answer: RawAnswer): number {
  const verdict = readEnvelope(answer, undefined);
  const parsed = verdict.kind === 'data' ? accountDataSchema.safeParse(verdict.data) : undefined;
  if (!parsed?.success) throw badResponse('an account answer without the balance');
  return parsed.data.money;
}

/** What courier detection came to for one number. */
export type DetectVerdict =
  /** Candidate courier codes, best first; empty when TrackingMore cannot tell (4032). */
  | { readonly kind: 'codes'; readonly codes: readonly string[] }
  /** TrackingMore refused the number itself. */
  | { readonly kind: 'outcome'; readonly outcome: TrackOutcome };

/** Interprets one `POST /carriers/detect` answer (pure); throws a `CarrierError` for whole-call failures. */
export function interpretDetect(answer: RawAnswer): DetectVerdict {
  const verdict = readEnvelope(answer, undefined);
  if (verdict.kind === 'no_courier') return { kind: 'codes', codes: [] };
  if (verdict.kind !== 'data') return { kind: 'outcome', outcome: outcomeOf(verdict) };
  const parsed = detectDataSchema.safeParse(verdict.data);
  if (!parsed.success) throw badResponse('a detection answer without the documented courier list');
  return { kind: 'codes', codes: parsed.data.map((candidate) => candidate.code.trim()) };
}

function outcomeOf(verdict: Exclude<NormalizedAnswer, { kind: 'data' }>): TrackOutcome {
  switch (verdict.kind) {
    case 'not_found':
      return { kind: 'not_found', reason: 'no_record' };
    case 'refused':
      return { kind: 'failed', error: verdict.error };
    case 'no_courier':
      return { kind: 'failed', error: noCourier() };
  }
}

/** A per-number failure: TrackingMore cannot tell which courier carries the number. */
export function noCourier(): CarrierError {
  return new CarrierError(
    'trackingmore',
    'invalid_number',
    'TrackingMore cannot tell which courier carries this number; choose the carrier to track it',
  );
}

const compact = (number: string) => number.replace(/[\s-]/g, '').toUpperCase();

const badResponse = (what: string) =>
  new CarrierError('trackingmore', 'bad_response', `TrackingMore sent ${what}`);
