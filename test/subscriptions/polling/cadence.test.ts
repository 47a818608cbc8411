import { describe, expect, it } from 'vitest';
import {
  type NextStep,
  nextStep,
  type ParcelState,
  pollsPerDay,
} from '../../../src/subscriptions/polling/cadence.js';
import {
  days,
  EXPIRE_AFTER_QUIET_MS,
  hours,
  minutes,
  NOT_FOUND_DROP_AFTER_MS,
} from '../../../src/subscriptions/polling/cadence-table.js';

const SUBSCRIBED = Date.UTC(2026, 2, 1, 9);
const NOW = SUBSCRIBED + hours(5);

const state = (overrides: Partial<ParcelState> = {}): ParcelState => ({
  phase: 'following',
  subscribedAt: SUBSCRIBED,
  lastNewsAt: SUBSCRIBED,
  quietPolls: 0,
  ...overrides,
});

const fixed = (r: number) => () => r;

/** Following for `ms`, with no news since it began. */
const quietFor = (ms: number): Pick<ParcelState, 'subscribedAt' | 'lastNewsAt'> => ({
  subscribedAt: NOW - ms,
  lastNewsAt: NOW - ms,
});

/** Milliseconds from `now` to the poll, failing the test when the step is not a poll. */
function delay(step: NextStep, now = NOW): number {
  if (step.kind !== 'poll') throw new Error(`expected a poll, got ${step.kind}`);
  return step.at - now;
}

describe('nextStep: the cadence table', () => {
  // [row, state, shortest interval (random 0), longest interval (random → 1)]
  const rows: readonly [string, Partial<ParcelState>, number, number][] = [
    ['first poll after subscribing', {}, minutes(10), minutes(20)],
    ['not_found, just subscribed', { status: 'not_found', ...quietFor(0) }, minutes(27), minutes(33)],
    ['not_found, 12 h unknown', { status: 'not_found', ...quietFor(hours(12)) }, minutes(54), minutes(66)],
    ['not_found, 36 h unknown', { status: 'not_found', ...quietFor(hours(36)) }, hours(3.6), hours(4.4)],
    ['not_found, capped at 6 h', { status: 'not_found', ...quietFor(days(4)) }, hours(5.4), hours(6.6)],
    ['in_transit after news', { status: 'in_transit', ...quietFor(hours(1)) }, minutes(13.5), minutes(16.5)],
    ['in_transit, 2 quiet days', { status: 'in_transit', ...quietFor(days(2)) }, minutes(27), minutes(33)],
    ['in_transit, 5 quiet days', { status: 'in_transit', ...quietFor(days(5)) }, minutes(54), minutes(66)],
    ['in_transit, capped at 6 h', { status: 'in_transit', ...quietFor(days(20)) }, hours(5.4), hours(6.6)],
    ['pending', { status: 'pending', ...quietFor(0) }, minutes(18), minutes(22)],
    ['pending, capped', { status: 'pending', ...quietFor(days(20)) }, hours(5.4), hours(6.6)],
    ['info_received', { status: 'info_received', ...quietFor(0) }, minutes(18), minutes(22)],
    ['failed_attempt', { status: 'failed_attempt', ...quietFor(0) }, minutes(13.5), minutes(16.5)],
    [
      'failed_attempt, 2 quiet days',
      { status: 'failed_attempt', ...quietFor(days(2)) },
      minutes(54),
      minutes(66),
    ],
    ['exception', { status: 'exception', ...quietFor(0) }, minutes(27), minutes(33)],
    ['exception, capped at 12 h', { status: 'exception', ...quietFor(days(20)) }, hours(10.8), hours(13.2)],
    ['unknown', { status: 'unknown', ...quietFor(0) }, minutes(13.5), minutes(16.5)],
    ['out_for_delivery', { status: 'out_for_delivery' }, minutes(8), minutes(12)],
    [
      'out_for_delivery, quiet time ignored',
      { status: 'out_for_delivery', quietPolls: 7, ...quietFor(days(3)) },
      minutes(8),
      minutes(12),
    ],
    ['available_for_pickup', { status: 'available_for_pickup' }, minutes(15), minutes(25)],
    [
      'available_for_pickup, quiet',
      { status: 'available_for_pickup', ...quietFor(days(3)) },
      minutes(15),
      minutes(25),
    ],
  ];

  it.each(rows)('%s: polls between the bounds of its row', (_row, overrides, shortest, longest) => {
    const s = state(overrides);
    expect(delay(nextStep(s, NOW, fixed(0)))).toBe(Math.round(shortest));
    const late = delay(nextStep(s, NOW, fixed(0.999)));
    expect(late).toBeLessThanOrEqual(longest);
    expect(late).toBeGreaterThan(longest - (longest - shortest) * 0.002);
    // Symmetric: the middle of the random range is the middle of the interval.
    expect(delay(nextStep(s, NOW, fixed(0.5)))).toBe(Math.round((shortest + longest) / 2));
  });

  it('slows down with quiet time, not with the number of quiet polls, and resets with news', () => {
    const quiet = state({ status: 'in_transit', quietPolls: 0, ...quietFor(days(7)) });
    expect(delay(nextStep(quiet, NOW, fixed(0.5)))).toBe(hours(2));
    const polledOften = state({ status: 'in_transit', quietPolls: 40, ...quietFor(hours(10)) });
    expect(delay(nextStep(polledOften, NOW, fixed(0.5)))).toBe(minutes(15));
    const news = { ...quiet, lastNewsAt: NOW };
    expect(delay(nextStep(news, NOW, fixed(0.5)))).toBe(minutes(15));
  });

  it('counts the first poll from now, never from a subscription time long past', () => {
    const late = SUBSCRIBED + days(2);
    expect(delay(nextStep(state(), late, fixed(0)), late)).toBe(minutes(10));
  });

  it('expires when the carrier says the tracking expired', () => {
    expect(nextStep(state({ status: 'expired' }), NOW, fixed(0.5))).toEqual({ kind: 'expire' });
  });
});

describe('nextStep: deadlines', () => {
  const notFound = state({ status: 'not_found', quietPolls: 4 });
  const dropAt = SUBSCRIBED + NOT_FOUND_DROP_AFTER_MS;

  it('drops a number not found at exactly five days after subscribing', () => {
    expect(nextStep(notFound, dropAt, fixed(0.5))).toEqual({ kind: 'drop_not_found' });
    expect(nextStep(notFound, dropAt + 1, fixed(0.5))).toEqual({ kind: 'drop_not_found' });
  });

  it('polls a number not found one last time at the five-day boundary, not after it', () => {
    expect(nextStep(notFound, dropAt - 1, fixed(0.999))).toEqual({ kind: 'poll', at: dropAt });
    expect(nextStep(notFound, dropAt - hours(1), fixed(0))).toEqual({ kind: 'poll', at: dropAt });
  });

  it('gives a record that vanished after news the same five days from the last news', () => {
    const vanished = state({ status: 'not_found', lastNewsAt: SUBSCRIBED + days(10) });
    expect(nextStep(vanished, SUBSCRIBED + days(11), fixed(0)).kind).toBe('poll');
    expect(nextStep(vanished, SUBSCRIBED + days(15), fixed(0))).toEqual({ kind: 'drop_not_found' });
  });

  it('expires after exactly 30 days without news', () => {
    const quiet = state({ status: 'in_transit', quietPolls: 30, lastNewsAt: SUBSCRIBED + days(1) });
    const expireAt = SUBSCRIBED + days(1) + EXPIRE_AFTER_QUIET_MS;
    expect(nextStep(quiet, expireAt - 1, fixed(0.5))).toEqual({ kind: 'poll', at: expireAt });
    expect(nextStep(quiet, expireAt, fixed(0.5))).toEqual({ kind: 'expire' });
    expect(nextStep(state(), SUBSCRIBED + EXPIRE_AFTER_QUIET_MS, fixed(0.5))).toEqual({ kind: 'expire' });
  });

  it('restarts the 30 days when "keep following" sets lastNewsAt', () => {
    const revived = state({ status: 'in_transit', quietPolls: 5, lastNewsAt: SUBSCRIBED + days(31) });
    expect(nextStep(revived, SUBSCRIBED + days(31), fixed(0.5)).kind).toBe('poll');
  });

  it('never expires a delivered parcel', () => {
    const delivered = state({ status: 'delivered', phase: 'confirming', deliveredAt: SUBSCRIBED + days(40) });
    expect(nextStep(delivered, SUBSCRIBED + days(40), fixed(0.5))).toEqual({
      kind: 'poll',
      at: SUBSCRIBED + days(41),
    });
  });
});

describe('nextStep: delivered, confirmed, archived', () => {
  const deliveredAt = NOW - hours(1);

  it('plans the confirmation poll a day after delivery while the caller switches the phase', () => {
    const justDelivered = state({ status: 'delivered', lastNewsAt: NOW });
    expect(nextStep(justDelivered, NOW, fixed(0.5))).toEqual({ kind: 'poll', at: NOW + hours(24) });
  });

  it('polls once at deliveredAt + 24 h in confirming', () => {
    const confirming = state({
      status: 'delivered',
      phase: 'confirming',
      deliveredAt,
      lastNewsAt: deliveredAt,
    });
    expect(nextStep(confirming, NOW, fixed(0.5))).toEqual({ kind: 'poll', at: deliveredAt + hours(24) });
    expect(delay(nextStep(confirming, NOW, fixed(0)), deliveredAt)).toBe(hours(21.6));
  });

  it('archives once the confirmation poll found nothing new', () => {
    const confirmed = state({
      status: 'delivered',
      phase: 'confirming',
      deliveredAt,
      lastNewsAt: deliveredAt,
      quietPolls: 1,
    });
    expect(nextStep(confirmed, deliveredAt + hours(24), fixed(0.5))).toEqual({ kind: 'archive' });
  });

  it('confirms again a day after news that came with the confirmation poll', () => {
    const news = deliveredAt + hours(24);
    const corrected = state({ status: 'delivered', phase: 'confirming', deliveredAt, lastNewsAt: news });
    expect(nextStep(corrected, news, fixed(0.5))).toEqual({ kind: 'poll', at: news + hours(24) });
  });

  it('follows by the status row when the carrier takes the delivery back', () => {
    const back = state({ status: 'exception', phase: 'confirming', deliveredAt, lastNewsAt: NOW });
    expect(delay(nextStep(back, NOW, fixed(0.5)))).toBe(minutes(30));
  });

  it('never schedules in the past: a confirmation overdue is polled now', () => {
    const overdue = state({
      status: 'delivered',
      phase: 'confirming',
      subscribedAt: NOW - days(4),
      lastNewsAt: NOW - days(3),
      deliveredAt: NOW - days(3),
    });
    expect(nextStep(overdue, NOW, fixed(0))).toEqual({ kind: 'poll', at: NOW });
  });
});

describe('nextStep: budget stretch and carrier floor', () => {
  it('multiplies the interval of every row', () => {
    const inTransit = state({ status: 'in_transit' });
    expect(delay(nextStep(inTransit, NOW, fixed(0.5), { stretch: 2 }))).toBe(minutes(30));
    const outForDelivery = state({ status: 'out_for_delivery' });
    expect(delay(nextStep(outForDelivery, NOW, fixed(0), { stretch: 3 }))).toBe(minutes(24));
    const confirming = state({ status: 'delivered', phase: 'confirming', deliveredAt: NOW, lastNewsAt: NOW });
    expect(delay(nextStep(confirming, NOW, fixed(0.5), { stretch: 1.5 }))).toBe(hours(36));
  });

  it('shortens every interval with budget to spare, down to half, but never brings the delivery confirmation forward', () => {
    const inTransit = state({ status: 'in_transit' });
    expect(delay(nextStep(inTransit, NOW, fixed(0.5), { stretch: 0.5 }))).toBe(minutes(7.5));
    expect(pollsPerDay(inTransit, NOW, { stretch: 0.5 })).toBeCloseTo(192, 9);
    expect(delay(nextStep(state(), NOW, fixed(0), { stretch: 0.5 }))).toBe(minutes(5));
    const confirming = state({ status: 'delivered', phase: 'confirming', deliveredAt: NOW, lastNewsAt: NOW });
    expect(delay(nextStep(confirming, NOW, fixed(0.5), { stretch: 0.5 }))).toBe(hours(24));
    expect(pollsPerDay(confirming, NOW, { stretch: 0.5 })).toBe(1);
  });

  it('stretches the first poll by at most 2, so it comes within 40 minutes', () => {
    expect(delay(nextStep(state(), NOW, fixed(0), { stretch: 1.5 }))).toBe(minutes(15));
    expect(delay(nextStep(state(), NOW, fixed(0), { stretch: 10 }))).toBe(minutes(20));
    expect(delay(nextStep(state(), NOW, fixed(0.999), { stretch: 1000 }))).toBeLessThanOrEqual(minutes(40));
  });

  it('never polls sooner than the carrier floor (TrackingMore: once per 2 hours per shipment)', () => {
    const floorMs = hours(2);
    expect(delay(nextStep(state({ status: 'out_for_delivery' }), NOW, fixed(0), { floorMs }))).toBe(hours(2));
    expect(delay(nextStep(state(), NOW, fixed(0), { floorMs }))).toBe(hours(2));
    const quiet = state({ status: 'in_transit', ...quietFor(days(20)) });
    expect(delay(nextStep(quiet, NOW, fixed(0.5), { floorMs }))).toBe(hours(6));
  });

  it('never moves the deadlines: a stretched poll is capped at the drop or the expiry', () => {
    const notFound = state({ status: 'not_found' });
    expect(nextStep(notFound, NOW, fixed(0.5), { stretch: 500 })).toEqual({
      kind: 'poll',
      at: SUBSCRIBED + NOT_FOUND_DROP_AFTER_MS,
    });
    const inTransit = state({ status: 'in_transit', quietPolls: 3 });
    expect(nextStep(inTransit, NOW, fixed(0.5), { stretch: 5000 })).toEqual({
      kind: 'poll',
      at: SUBSCRIBED + EXPIRE_AFTER_QUIET_MS,
    });
  });

  it.each([0.49, 0, -1, Number.NaN, Number.POSITIVE_INFINITY])('refuses a stretch of %s', (stretch) => {
    expect(() => nextStep(state(), NOW, fixed(0.5), { stretch })).toThrow(RangeError);
    expect(() => pollsPerDay(state(), NOW, { stretch })).toThrow(RangeError);
  });
});

describe('pollsPerDay', () => {
  const rows: readonly [string, Partial<ParcelState>, number, number][] = [
    ['first poll, counted once', {}, 1, 1],
    ['first poll, counted once however stretched', {}, 4, 1],
    ['not_found, every 30 min', { status: 'not_found', ...quietFor(0) }, 1, 48],
    ['not_found, at the 6 h cap', { status: 'not_found', ...quietFor(days(4)) }, 1, 4],
    ['in_transit after news', { status: 'in_transit', ...quietFor(0) }, 1, 96],
    ['in_transit after news, stretched', { status: 'in_transit', ...quietFor(0) }, 2, 48],
    ['in_transit at the 6 h cap', { status: 'in_transit', ...quietFor(days(20)) }, 1, 4],
    ['exception, a quiet day', { status: 'exception', ...quietFor(days(1)) }, 1, 24],
    ['out_for_delivery every 10 min on average', { status: 'out_for_delivery' }, 1, 144],
    ['available_for_pickup, stretched', { status: 'available_for_pickup' }, 4, 18],
    ['delivered, confirmation pending', { status: 'delivered', phase: 'confirming' }, 1, 1],
    ['delivered, before the phase switch', { status: 'delivered' }, 1, 1],
    ['delivered and confirmed', { status: 'delivered', phase: 'confirming', quietPolls: 1 }, 1, 0],
    ['expired by the carrier', { status: 'expired' }, 1, 0],
  ];

  it.each(rows)('%s', (_row, overrides, stretch, expected) => {
    expect(pollsPerDay(state(overrides), NOW, { stretch })).toBeCloseTo(expected, 9);
  });
});
