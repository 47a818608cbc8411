import type { ShipmentStatus } from '../../domain/shipment.js';
import {
  CADENCE,
  type CadenceRule,
  type CadenceSituation,
  days,
  EXPIRE_AFTER_QUIET_MS,
  FIRST_POLL_MAX_STRETCH,
  JITTER,
  MIN_STRETCH,
  NOT_FOUND_DROP_AFTER_MS,
  type PollRule,
} from './cadence-table.js';

/** What the poller knows about one followed number (times in epoch ms). */
export interface ParcelState {
  /** What the latest poll said; 'not_found' while the carrier has no record; undefined before the first poll. */
  readonly status?: ShipmentStatus | 'not_found';
  /** `confirming` = delivered, one confirmation poll pending. */
  readonly phase: 'following' | 'confirming';
  /** First subscription of any chat to this number. */
  readonly subscribedAt: number;
  /**
   * Last time a new event appeared (`subscribedAt` before any). Both deadlines count from it, so "keep
   * following" after expiry restarts them by setting it to the time of the button press.
   */
  readonly lastNewsAt: number;
  /**
   * Polls in a row that brought nothing new: 0 after a poll with news. On switching to `confirming` it is 0 (the delivery was news); the confirmation poll that
   * finds nothing new makes it ≥ 1, which is the signal to archive.
   */
  readonly quietPolls: number;
  /** When the delivery was seen; set with the switch to `confirming`. */
  readonly deliveredAt?: number;
}

export type NextStep =
  /** Poll again at `at` (epoch ms, ≥ `now`). */
  | { readonly kind: 'poll'; readonly at: number }
  /** Five days without a record: tell the chats, stop. */
  | { readonly kind: 'drop_not_found' }
  /** 30 days without news, or the carrier says expired: tell the chats (keep-following button), stop. */
  | { readonly kind: 'expire' }
  /** Delivered and confirmed: stop quietly. */
  | { readonly kind: 'archive' };

const DAY_MS = days(1);

/**
 * The next step for a parcel, decided at `now` (normally right after a poll, or at subscribing), by the
 * rows of {@link CADENCE}:
 * - delivered: one confirmation poll a day after the later of `deliveredAt` (or `now` when the caller has
 *   not recorded it yet) and `lastNewsAt`, in either phase; in `confirming`, once a poll found nothing
 *   new (`quietPolls` ≥ 1), archive. A delivered parcel never expires. A `confirming` parcel whose
 *   status is no longer `delivered` (the carrier took it back) is followed by its status row.
 * - otherwise, in order: the carrier says `expired` → expire; 30 days after the last news → expire;
 *   not found 5 days after following began (see {@link ParcelState.lastNewsAt}) → drop; else poll at
 *   `now` + the row's interval × `stretch`, capped at the deadline that would end following, so the drop
 *   or expiry happens on time.
 *
 * `random` returns [0, 1) and places the poll within the row's jitter. `pace.stretch` (finite, at least
 * {@link MIN_STRETCH}, from the carrier budget) multiplies every interval, but never the 5-day and 30-day
 * deadlines, the first poll's by at most {@link FIRST_POLL_MAX_STRETCH}, and the delivery confirmation's
 * only to make it later; no interval is shorter than `pace.floorMs`
 * (the carrier's own least time between two looks at one parcel; TrackingMore: 2 hours).
 */
export function nextStep(
  state: ParcelState,
  now: number,
  random: () => number,
  pace: Partial<PollPace> = {},
): NextStep {
  const { stretch, floorMs } = paceOf(pace);
  if (state.status === 'delivered') {
    if (state.phase === 'confirming' && state.quietPolls >= 1) return { kind: 'archive' };
    const from = Math.max(state.deliveredAt ?? now, state.lastNewsAt);
    const later = Math.max(1, stretch);
    const at = from + Math.max(floorMs, Math.round(jittered(CADENCE.delivered, 0, random) * later));
    return { kind: 'poll', at: Math.max(now, at) };
  }
  const situation = situationOf(state);
  const rule: CadenceRule = CADENCE[situation];
  if (rule.kind === 'stop') return { kind: rule.step };
  const followingSince = Math.max(state.subscribedAt, state.lastNewsAt);
  let deadline = followingSince + EXPIRE_AFTER_QUIET_MS;
  if (now >= deadline) return { kind: 'expire' };
  if (situation === 'not_found') {
    deadline = Math.min(deadline, followingSince + NOT_FOUND_DROP_AFTER_MS);
    if (now >= deadline) return { kind: 'drop_not_found' };
  }
  const factor = situation === 'first_poll' ? Math.min(stretch, FIRST_POLL_MAX_STRETCH) : stretch;
  const quietFor = now - state.lastNewsAt;
  const at = now + Math.max(floorMs, Math.round(jittered(rule, quietFor, random) * factor));
  return { kind: 'poll', at: Math.min(at, deadline) };
}

/** How a carrier's budget paces its parcels' polls: see {@link nextStep}. */
export interface PollPace {
  /** Every interval × this (finite, ≥ {@link MIN_STRETCH}): < 1 with budget to spare. @defaultValue 1 */
  readonly stretch: number;
  /** No interval shorter than this. @defaultValue 0 */
  readonly floorMs: number;
}

function paceOf(pace: Partial<PollPace>): PollPace {
  const stretch = pace.stretch ?? 1;
  assertStretch(stretch);
  return { stretch, floorMs: pace.floorMs ?? 0 };
}

/**
 * How often the state's parcel is polled per day at its current interval (the row's mean interval at
 * `now` × `stretch`, at least `floorMs`), for the carrier budget. One-off polls count once: the first
 * poll is 1 (its row says when, not how often); a delivered parcel's confirmation is one a day; stopped
 * parcels 0. Deadlines are not considered: a parcel past one counts until the poller ends it.
 */
export function pollsPerDay(state: ParcelState, now: number, pace: Partial<PollPace> = {}): number {
  const { stretch, floorMs } = paceOf(pace);
  if (state.status === 'delivered') {
    if (state.phase === 'confirming' && state.quietPolls >= 1) return 0;
    return DAY_MS / Math.max(floorMs, meanIntervalMs(CADENCE.delivered, 0) * Math.max(1, stretch));
  }
  const situation = situationOf(state);
  const rule: CadenceRule = CADENCE[situation];
  if (rule.kind === 'stop') return 0;
  if (situation === 'first_poll') return 1;
  return DAY_MS / Math.max(floorMs, meanIntervalMs(rule, now - state.lastNewsAt) * stretch);
}

function situationOf(state: ParcelState): CadenceSituation {
  return state.status ?? 'first_poll';
}

/** The row's interval without jitter; for `backoff`, after `quietForMs` without news. */
function meanIntervalMs(rule: PollRule, quietForMs: number): number {
  switch (rule.kind) {
    case 'backoff':
      // 2^n overflows to Infinity for huge n, which `min` caps like any other long silence.
      return Math.min(
        rule.maxMs,
        rule.firstMs * 2 ** Math.max(0, Math.floor(quietForMs / rule.doubleEveryMs)),
      );
    case 'between':
      return (rule.minMs + rule.maxMs) / 2;
    case 'confirm':
      return rule.afterMs;
  }
}

/**
 * The row's interval with jitter placed by `random()` ∈ [0, 1): uniform over `[min, max]` for `between`,
 * mean × (1 ± JITTER) otherwise; `random` 0 gives the shortest interval, values near 1 the longest.
 */
function jittered(rule: PollRule, quietForMs: number, random: () => number) {
  const r = random();
  if (rule.kind === 'between') return rule.minMs + (rule.maxMs - rule.minMs) * r;
  return meanIntervalMs(rule, quietForMs) * (1 + JITTER * (2 * r - 1));
}

function assertStretch(stretch: number): void {
  if (!(Number.isFinite(stretch) && stretch >= MIN_STRETCH))
    throw new RangeError(`stretch must be a finite number ≥ ${MIN_STRETCH}, got ${stretch}`);
}
