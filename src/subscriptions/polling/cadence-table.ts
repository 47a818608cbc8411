import type { ShipmentStatus } from '../../domain/shipment.js';

/**
 * How often a followed parcel is polled, as data: one row per status (plus `first_poll`, before any poll,
 * and `not_found`, while the carrier has no record). `cadence.ts` reads the table; change the numbers
 * here. All durations are milliseconds.
 */

export const minutes = (n: number): number => n * 60_000;
export const hours = (n: number): number => n * 3_600_000;
export const days = (n: number): number => n * 86_400_000;

/** Jitter of the back-off rows, as a fraction of the interval, applied symmetrically (±10%). */
export const JITTER = 0.1;

/**
 * How one situation is polled.
 * - `backoff`: every `firstMs` while news is recent, doubling for every `doubleEveryMs` without news
 *   (counted from `lastNewsAt`), at most `maxMs`; each interval ±{@link JITTER}. Quiet time, not a count
 *   of quiet polls, slows it: a parcel polled every few minutes is not "quiet" after an hour.
 * - `between`: anywhere between `minMs` and `maxMs` (uniform; the window is its own jitter).
 * - `confirm`: one confirmation poll `afterMs` (±{@link JITTER}) after the delivery, then archive.
 * - `stop`: poll no more; `step` says how following ends.
 *
 * These are the intervals at a carrier's own pace. Its budget (`budget.ts`) moves every interval by one
 * factor: down to {@link MIN_STRETCH} when the budget has room to spare (fresher news), up when its
 * parcels would need more than the budget; never shorter than the carrier's own floor (TrackingMore: once
 * per 2 hours per shipment).
 */
export type CadenceRule = PollRule | { readonly kind: 'stop'; readonly step: 'expire' };
/** The rules that schedule a poll. */
export type PollRule = BackoffRule | BetweenRule | ConfirmRule;
type BackoffRule = {
  readonly kind: 'backoff';
  readonly firstMs: number;
  readonly maxMs: number;
  readonly doubleEveryMs: number;
};
type BetweenRule = { readonly kind: 'between'; readonly minMs: number; readonly maxMs: number };
export type ConfirmRule = { readonly kind: 'confirm'; readonly afterMs: number };

export type CadenceSituation = 'first_poll' | 'not_found' | ShipmentStatus;

const backoff = (firstMs: number, maxMs: number, doubleEveryMs: number): CadenceRule => ({
  kind: 'backoff',
  firstMs,
  maxMs,
  doubleEveryMs,
});
const between = (minMs: number, maxMs: number): CadenceRule => ({ kind: 'between', minMs, maxMs });
const confirm = (afterMs: number): ConfirmRule => ({ kind: 'confirm', afterMs });
const stop = (step: 'expire'): CadenceRule => ({ kind: 'stop', step });

/**
 * The polling cadence: parcels whose news is likely soon are polled most often, quiet and long-stalled
 * ones less. Every situation has a row; the compiler checks it.
 */
export const CADENCE = {
  // Just subscribed: the user has just seen the timeline and is watching; a scan may land any minute.
  first_poll: between(minutes(10), minutes(20)),
  // Numbers are often announced before the carrier has scanned the item; look often at first, then less.
  // Dropped after NOT_FOUND_DROP_AFTER_MS.
  not_found: backoff(minutes(30), hours(6), hours(12)),
  // The carrier knows the number but nothing has moved yet: the first scan is usually within a day.
  pending: backoff(minutes(20), hours(6), days(2)),
  info_received: backoff(minutes(20), hours(6), days(2)),
  // Scans come hours apart in transit (arrived, customs, cleared…); a parcel stalled for days (customs,
  // sea freight) is polled less, every 2 days of silence halving the pace.
  in_transit: backoff(minutes(15), hours(6), days(2)),
  // The next attempt is usually the next working day; the user wants to know where to collect it.
  failed_attempt: backoff(minutes(15), hours(6), days(1)),
  // Held, returned or lost: resolved by people, over days.
  exception: backoff(minutes(30), hours(12), days(1)),
  // A code we cannot read may mean anything: treat it like transit.
  unknown: backoff(minutes(15), hours(6), days(2)),
  // Arrives today: the user wants to know within minutes.
  out_for_delivery: between(minutes(8), minutes(12)),
  // Waiting at a counter or locker: the user wants to know it is ready, and when it was collected.
  available_for_pickup: between(minutes(15), minutes(25)),
  // One last look a day later catches a late correction (wrong address, misdelivery), then archive.
  delivered: confirm(hours(24)),
  // The carrier itself stopped tracking it: nothing more will come.
  expired: stop('expire'),
} as const satisfies Readonly<Record<CadenceSituation, CadenceRule>>;

/**
 * A number the carrier has no record of is dropped this long after following began (the later of
 * `subscribedAt` and `lastNewsAt`, see `cadence.ts`). Never stretched.
 */
export const NOT_FOUND_DROP_AFTER_MS = days(5);

/** Following expires this long after the last news (except for a delivered parcel). Never stretched. */
export const EXPIRE_AFTER_QUIET_MS = days(30);

/**
 * The most a spare budget shortens the intervals: by half (a parcel in transit with recent news every
 * 7.5 min instead of 15, one out for delivery every 4–6 min). Shorter would ask a carrier every few
 * minutes about a parcel that moves a few times a day, for little gain. The delivery confirmation is never
 * brought forward.
 */
export const MIN_STRETCH = 0.5;

/**
 * The budget stretch applied to the first poll is capped at this factor: the user just subscribed, and
 * the first poll is never later than 2 × 20 min = 40 min after subscribing, however tight the budget
 * (or the carrier's floor, where it has one).
 */
export const FIRST_POLL_MAX_STRETCH = 2;
