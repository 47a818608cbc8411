import type { TrackRequest } from '../carriers/adapter.js';
import { type Route, routesFor } from '../carriers/routing.js';
import type { Candidate } from '../detect/candidate.js';
import type { Detector } from '../detect/detector.js';
import type { RuleMatch } from '../detect/format-rule.js';
import { NO_HINTS, type TextHints } from '../detect/text-hints.js';
import type { AdapterId, CarrierId } from '../domain/carrier.js';
import { CarrierError, type CarrierErrorCode } from '../domain/carrier-error.js';
import type { Locale } from '../domain/locale.js';
import type { TrackOutcome } from '../domain/outcome.js';
import { type TrackingNumber, toTrackingNumber } from '../domain/tracking-number.js';
import type { Extractor } from '../extract/extractor.js';
import { findFuuffyOrders, type OrderReading } from '../extract/fuuffy-orders.js';
import type { Priority } from '../queue/lane.js';
import type { TrackingQueue } from '../queue/tracking-queue.js';

/** One number's answer, with what was asked and what else it could have been. */
export interface TrackResult {
  /** The number as written. */
  readonly input: string;
  readonly number: TrackingNumber;
  /** The carrier whose answer this is (or that was asked last), `null` when nothing could be asked. */
  readonly carrier: CarrierId | null;
  readonly adapter: AdapterId | null;
  readonly outcome: TrackOutcome;
  /** Every carrier the number could belong to, best first (to offer "try another carrier"). */
  readonly candidates: readonly Candidate[];
  /** The adapter asked first, whose failure sent the lookup to `adapter` instead (the reply says so). */
  readonly fallbackFrom?: { readonly adapter: AdapterId; readonly error: CarrierError };
  /**
   * The Fuuffy order id asked about, when the lookup was by order id (`number` is then the parcel's
   * tracking number once Fuuffy has answered with it, else the order id).
   */
  readonly orderId?: string;
}

export interface TrackOptions {
  readonly locale: Locale;
  /** @defaultValue `interactive` */
  readonly priority?: Priority;
  /** Ask this carrier only, whatever the format says. */
  readonly carrier?: CarrierId;
  /**
   * Which Fuuffy order ids the text holds (`extract/fuuffy-orders.ts`): also `order:NNN` in a typed
   * `/track`, or every run of digits (`/track 3550875 fuuffy`). @defaultValue only those named after "Fuuffy"
   */
  readonly fuuffyOrders?: OrderReading;
  /** Called with each result as soon as it is known (answers are sent as they arrive). */
  readonly onResult?: (result: TrackResult) => void;
  /**
   * How many of the numbers found in a text may be looked up now (a fair share of lookups); the first
   * that many are, the rest are left out and counted in `withheld`. @defaultValue all of them
   */
  readonly allow?: (wanted: number) => Promise<number>;
}

export interface TrackingService {
  /**
   * Finds every number in a chat message, and every Fuuffy order id named as one, and looks each one
   * up (order ids first): `capped` when the message had more than one message may ask about,
   * `withheld` the numbers `options.allow` left out.
   */
  trackText(
    text: string,
    options: TrackOptions,
  ): Promise<{ results: TrackResult[]; capped: boolean; withheld: number }>;
  /** Looks up numbers given one by one (`postie track NUMBER…`). */
  trackNumbers(numbers: readonly string[], options: TrackOptions): Promise<TrackResult[]>;
}

export interface TrackingServiceDeps {
  readonly extractor: Extractor;
  readonly detector: Detector;
  readonly queue: TrackingQueue;
  /** Adapters with credentials; routes to others are skipped. */
  readonly enabledAdapters: ReadonlySet<AdapterId>;
}

/** The carrier of a number whose format no rule knows; only an aggregator can be asked. */
export const UNKNOWN_CARRIER: CarrierId = 'unknown';

/** The carrier a Fuuffy order is answered as: Fuuffy's merchants ship with SF Express (`routing.ts`). */
const FUUFFY_CARRIER: CarrierId = 'sf-express';

/** At most this many Fuuffy order ids are looked up from one message (as many as numbers may be). */
const MAX_ORDERS_PER_MESSAGE = 20;

/** An ambiguous number is tried with at most this many carriers before the answer is "not found". */
const MAX_CARRIERS_TRIED = 3;

/**
 * Failures that pass by themselves (a carrier down or slow, too many requests, a garbled answer, a
 * quota until its reset): a lookup that can wait (background) is asked again later rather than sent to
 * the next route, which may be a paid one (TrackingMore).
 */
const PASSING: ReadonlySet<CarrierErrorCode> = new Set([
  'unavailable',
  'timeout',
  'rate_limited',
  'busy',
  'bad_response',
  'quota_exhausted',
]);

/** What a carrier said about the number itself; anything else failed is a failure to ask. */
const isAnswer = (outcome: TrackOutcome): boolean =>
  outcome.kind === 'not_found' || (outcome.kind === 'failed' && outcome.error.code === 'invalid_number');

interface Asked {
  readonly carrier: CarrierId;
  readonly adapter: AdapterId;
  readonly outcome: TrackOutcome;
}

/**
 * The final answer when no carrier found the number: a failure to ask outranks every "not found" (a
 * carrier that could not be asked may hold the record, so "no record" would be a false statement about
 * the parcel); then a "not found" outranks a carrier's refusal of the number; the first of each.
 */
function finalAnswer(asked: readonly Asked[]): Asked | undefined {
  return (
    asked.find((a) => !isAnswer(a.outcome)) ?? asked.find((a) => a.outcome.kind === 'not_found') ?? asked[0]
  );
}

/**
 * extract/detect → route → queue → outcomes. Each candidate carrier (best first) goes to the first
 * configured adapter that serves it, a direct adapter before TrackingMore; when that carrier does not
 * know the number, the next candidate is tried; when the adapter fails, the next route is (unless the
 * lookup can wait and the failure will pass: then no paid call is spent on it).
 */
export function createTrackingService(deps: TrackingServiceDeps): TrackingService {
  const trackOne = async (
    input: string,
    number: TrackingNumber,
    matches: readonly RuleMatch[],
    hints: TextHints | (() => TextHints),
    options: TrackOptions,
  ): Promise<TrackResult> => {
    const candidates = deps.detector.candidates(matches, hints);
    const carriers = options.carrier ? [options.carrier] : [...new Set(candidates.map((c) => c.carrier))];
    // A format Postie does not know: the aggregator can still recognise it (TrackingMore detects couriers).
    if (carriers.length === 0 && deps.enabledAdapters.has('trackingmore')) carriers.push(UNKNOWN_CARRIER);
    const priority = options.priority ?? 'interactive';
    const asked: Asked[] = [];

    for (const carrier of carriers.slice(0, MAX_CARRIERS_TRIED)) {
      const routes =
        carrier === UNKNOWN_CARRIER ? [{ adapter: 'trackingmore' as const }] : routesFor(carrier);
      let failed: { adapter: AdapterId; error: CarrierError } | undefined;
      for (const route of routes.filter((r) => deps.enabledAdapters.has(r.adapter))) {
        if (failed && priority === 'background' && PASSING.has(failed.error.code)) break;
        const outcome = await deps.queue.lookup(route.adapter, requestFor(number, carrier, route), {
          priority,
          locale: options.locale,
        });
        if (outcome.kind === 'found') {
          return {
            input,
            number,
            carrier,
            adapter: route.adapter,
            outcome,
            candidates,
            ...(failed ? { fallbackFrom: failed } : {}),
          };
        }
        // After a route failed, the next one's "not found" says nothing about the failed one's records.
        if (!failed) asked.push({ carrier, adapter: route.adapter, outcome });
        if (outcome.kind === 'not_found' || outcome.error.code === 'invalid_number') break;
        failed = { adapter: route.adapter, error: outcome.error };
      }
    }
    const answer = finalAnswer(asked);
    if (answer) return { input, number, ...answer, candidates };
    const why =
      carriers.length === 0
        ? 'no carrier uses this number format'
        : `no configured adapter serves ${carriers.join(', ')}`;
    return {
      input,
      number,
      carrier: carriers[0] ?? null,
      adapter: null,
      outcome: { kind: 'failed', error: new CarrierError('postie', 'unavailable', why) },
      candidates,
    };
  };

  /**
   * A Fuuffy order id, asked of Fuuffy by order id (its adapter serves SF Express, the courier its
   * merchants ship with). Fuuffy alone knows its order ids: no other route is tried.
   */
  const trackOrder = async (orderId: string, options: TrackOptions): Promise<TrackResult> => {
    const asWritten = orderId as TrackingNumber;
    const base = { input: orderId, orderId, carrier: FUUFFY_CARRIER, candidates: [] };
    if (!deps.enabledAdapters.has('fuuffy')) {
      const error = new CarrierError('postie', 'unavailable', 'Fuuffy is not configured');
      return { ...base, number: asWritten, adapter: null, outcome: { kind: 'failed', error } };
    }
    const request: TrackRequest = { number: asWritten, carrier: FUUFFY_CARRIER, byOrderId: true };
    const outcome = await deps.queue.lookup('fuuffy', request, {
      priority: options.priority ?? 'interactive',
      locale: options.locale,
    });
    const number = outcome.kind === 'found' ? outcome.shipment.number : asWritten;
    return { ...base, number, adapter: 'fuuffy', outcome };
  };

  const report = (options: TrackOptions) => (result: TrackResult) => {
    options.onResult?.(result);
    return result;
  };

  return {
    async trackText(text, options) {
      const { orders, rest } = findFuuffyOrders(text, { reading: options.fuuffyOrders ?? 'named' });
      const extraction = deps.extractor.extract(rest);
      const found = [
        ...orders.slice(0, MAX_ORDERS_PER_MESSAGE).map((o) => ({ order: o.orderId })),
        ...extraction.numbers.map((n) => ({ number: n })),
      ];
      const allowed = found.length > 0 && options.allow ? await options.allow(found.length) : found.length;
      const results = await Promise.all(
        found
          .slice(0, allowed)
          .map((f) =>
            ('order' in f
              ? trackOrder(f.order, options)
              : trackOne(f.number.input, f.number.number, f.number.matches, extraction.hints, options)
            ).then(report(options)),
          ),
      );
      const capped = extraction.capped || orders.length > MAX_ORDERS_PER_MESSAGE;
      return { results, capped, withheld: found.length - allowed };
    },
    trackNumbers(numbers, options) {
      return Promise.all(
        numbers.map((input) => {
          const number = toTrackingNumber(input) ?? (input.trim().toUpperCase() as TrackingNumber);
          const matches =
            number.length <= deps.detector.matcher.maxLength ? deps.detector.matcher.match(number) : [];
          return trackOne(input, number, matches, NO_HINTS, options).then(report(options));
        }),
      );
    },
  };
}

function requestFor(number: TrackingNumber, carrier: CarrierId, route: Route): TrackRequest {
  return { number, carrier, ...(route.courierCode ? { courierCode: route.courierCode } : {}) };
}
