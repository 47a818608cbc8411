import { describe, expect, it } from 'vitest';
import { dailyWindowAt, lastEndOf } from '../../src/time/daily-window.js';

const at = (iso: string) => Date.parse(iso);
/** 22:00–07:30, across midnight. */
const NIGHT = { from: 22 * 60, to: 7 * 60 + 30 };
/** 13:00–14:00, within one day. */
const LUNCH = { from: 13 * 60, to: 14 * 60 };

describe('a daily window', () => {
  it('crosses midnight on the chat’s own clock, start inclusive and end exclusive', () => {
    const zone = 'Asia/Hong_Kong';
    const span = { start: at('2026-01-01T22:00:00+08:00'), end: at('2026-01-02T07:30:00+08:00') };
    expect(dailyWindowAt(NIGHT, zone, at('2026-01-01T21:59:59+08:00'))).toBeUndefined();
    expect(dailyWindowAt(NIGHT, zone, at('2026-01-01T22:00:00+08:00'))).toEqual(span);
    expect(dailyWindowAt(NIGHT, zone, at('2026-01-02T03:00:00+08:00'))).toEqual(span);
    expect(dailyWindowAt(NIGHT, zone, at('2026-01-02T07:29:59+08:00'))).toEqual(span);
    expect(dailyWindowAt(NIGHT, zone, at('2026-01-02T07:30:00+08:00'))).toBeUndefined();
    expect(dailyWindowAt(NIGHT, zone, at('2026-01-02T12:00:00+08:00'))).toBeUndefined();
  });

  it('stays within the day when the end is after the start', () => {
    const zone = 'Pacific/Auckland';
    expect(dailyWindowAt(LUNCH, zone, at('2026-01-01T12:59:00+13:00'))).toBeUndefined();
    expect(dailyWindowAt(LUNCH, zone, at('2026-01-01T13:30:00+13:00'))).toEqual({
      start: at('2026-01-01T13:00:00+13:00'),
      end: at('2026-01-01T14:00:00+13:00'),
    });
    expect(dailyWindowAt(LUNCH, zone, at('2026-01-01T14:00:00+13:00'))).toBeUndefined();
  });

  it('keeps both ends on the local clock across New York’s spring-forward night', () => {
    // 8 March 2026, 02:00 EST becomes 03:00 EDT (https://www.timeanddate.com/time/change/usa/new-york).
    const zone = 'America/New_York';
    const span = { start: at('2026-03-07T22:00:00-05:00'), end: at('2026-03-08T07:30:00-04:00') };
    // 01:59 EST and 03:00 EDT are one minute apart, both inside.
    expect(dailyWindowAt(NIGHT, zone, at('2026-03-08T01:59:00-05:00'))).toEqual(span);
    expect(dailyWindowAt(NIGHT, zone, at('2026-03-08T03:00:00-04:00'))).toEqual(span);
    // The night is an hour shorter in real time: 8½ hours, ending at 07:30 on the new clock.
    expect(span.end - span.start).toBe(8.5 * 3_600_000);
    expect(dailyWindowAt(NIGHT, zone, at('2026-03-08T07:29:00-04:00'))).toEqual(span);
    expect(dailyWindowAt(NIGHT, zone, at('2026-03-08T07:30:00-04:00'))).toBeUndefined();
    // The next night is back to 9½ hours.
    const next = dailyWindowAt(NIGHT, zone, at('2026-03-09T00:00:00-04:00'));
    expect(next).toEqual({ start: at('2026-03-08T22:00:00-04:00'), end: at('2026-03-09T07:30:00-04:00') });
  });

  it('keeps both ends on the local clock across the fall-back night, an hour longer', () => {
    // 1 November 2026, 02:00 EDT becomes 01:00 EST.
    const zone = 'America/New_York';
    const span = dailyWindowAt(NIGHT, zone, at('2026-11-01T05:00:00Z'));
    expect(span).toEqual({ start: at('2026-10-31T22:00:00-04:00'), end: at('2026-11-01T07:30:00-05:00') });
    expect((span?.end ?? 0) - (span?.start ?? 0)).toBe(10.5 * 3_600_000);
  });

  it('tells when the last window ended', () => {
    const zone = 'Asia/Hong_Kong';
    expect(lastEndOf(NIGHT, zone, at('2026-01-02T07:30:00+08:00'))).toBe(at('2026-01-02T07:30:00+08:00'));
    expect(lastEndOf(NIGHT, zone, at('2026-01-02T20:00:00+08:00'))).toBe(at('2026-01-02T07:30:00+08:00'));
    expect(lastEndOf(NIGHT, zone, at('2026-01-02T23:00:00+08:00'))).toBe(at('2026-01-02T07:30:00+08:00'));
    expect(lastEndOf(NIGHT, zone, at('2026-01-02T03:00:00+08:00'))).toBe(at('2026-01-01T07:30:00+08:00'));
    expect(lastEndOf(LUNCH, zone, at('2026-01-02T13:30:00+08:00'))).toBe(at('2026-01-01T14:00:00+08:00'));
    expect(lastEndOf(LUNCH, zone, at('2026-01-02T14:00:00+08:00'))).toBe(at('2026-01-02T14:00:00+08:00'));
  });
});
