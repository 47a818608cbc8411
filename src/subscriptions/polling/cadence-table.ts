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
 * - `backoff`: `firstMs` after a poll that brought news, doubling with each quiet poll in a row, at most
 *   `maxMs`; each interval ±{@link JITTER}.
 * - `between`: anywhere between `minMs` and `maxMs` (uniform; the window is its own jitter).
 * - `confirm`: one confirmation poll `afterMs` (±{@link JITTER}) after the delivery, then archive.
 * - `stop`: poll no more; `step` says how following ends.
 */
export type CadenceRule = PollRule | { readonly kind: 'stop'; readonly step: 'expire' };
/** The rules that schedule a poll. */
export type PollRule = BackoffRule | BetweenRule | ConfirmRule;
export type BackoffRule = { readonly kind: 'backoff'; readonly firstMs: number; readonly maxMs: number };
export type BetweenRule = { readonly kind: 'between'; readonly minMs: number; readonly maxMs: number };
export type ConfirmRule = { readonly kind: 'confirm'; readonly afterMs: number };

export type CadenceSituation = 'first_poll' | 'not_found' | ShipmentStatus;

const backoff = (firstMs: number, maxMs: number): CadenceRule => ({ kind: 'backoff', firstMs, maxMs });
const between = (minMs: number, maxMs: number): CadenceRule => ({ kind: 'between', minMs, maxMs });
const confirm = (afterMs: number): ConfirmRule => ({ kind: 'confirm', afterMs });
const stop = (step: 'expire'): CadenceRule => ({ kind: 'stop', step });

/** The polling cadence (the numbers). Every situation has a row; the compiler checks it. */
export const CADENCE = {
  // The user has just seen the timeline; a quick second look confirms the follow works and catches a
  // scan that landed right after the lookup.
  first_poll: between(minutes(15), minutes(30)),
  // Numbers are often announced before the carrier has scanned the item; look often at first, then less.
  // Dropped after NOT_FOUND_DROP_AFTER_MS.
  not_found: backoff(hours(1), hours(12)),
  // The carrier knows the number but nothing has moved yet; moves are hours or days apart.
  pending: backoff(hours(3), hours(24)),
  info_received: backoff(hours(3), hours(24)),
  // Scans come hours apart in transit and can stop for days (customs, sea freight): back off while quiet.
  in_transit: backoff(hours(3), hours(24)),
  // The next attempt is usually the next working day.
  failed_attempt: backoff(hours(3), hours(24)),
  // Held, returned or lost: resolved by people, over days.
  exception: backoff(hours(3), hours(24)),
  // A code we cannot read may mean anything: treat it like transit.
  unknown: backoff(hours(3), hours(24)),
  // Arrives today: the user wants to know within the hour.
  out_for_delivery: between(minutes(30), minutes(60)),
  // Waiting at a counter or locker: the user wants to know it is ready, and when it was collected.
  available_for_pickup: between(minutes(30), minutes(60)),
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
 * The budget stretch applied to the first poll is capped at this factor: the user just subscribed, and
 * the first poll is never later than 2 × 30 min = 1 h after subscribing, however tight the budget.
 */
export const FIRST_POLL_MAX_STRETCH = 2;
