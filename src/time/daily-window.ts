import { offsetMinutesAt, zonedToUtcMs } from './zoned-time.js';

/**
 * A stretch of every day on the local clock of a zone, from `from` to `to` (minutes after local
 * midnight, 0–1439); one whose end is not after its start crosses midnight (`22:00–07:30`).
 */
interface DailyWindow {
  readonly from: number;
  readonly to: number;
}

/** One occurrence of a daily window as instants (epoch ms): `start` inclusive, `end` exclusive. */
interface WindowSpan {
  readonly start: number;
  readonly end: number;
}

const DAY_MS = 86_400_000;

/**
 * The occurrence of `window` in `timeZone` that `at` (epoch ms) falls in, or `undefined` outside it.
 * Each occurrence runs from the local start time on one day to the local end time on that day (or the
 * next, when it crosses midnight), both turned into instants with the zone's offset *at that time*, so
 * a daylight-saving change inside the window moves neither end: on New York's spring-forward night
 * `22:00–07:30` ends at 07:30 EDT, an hour shorter in real time. A local time that never happened (in
 * the gap) is read with the offset before the change, one that happened twice as the earlier instant
 * (`zonedToUtcMs`).
 */
export function dailyWindowAt(window: DailyWindow, timeZone: string, at: number): WindowSpan | undefined {
  const local = new Date(at + offsetMinutesAt(timeZone, at) * 60_000);
  const crossesMidnight = window.to <= window.from;
  // The occurrence that started yesterday may still run (a window across midnight), else today's.
  for (const dayOffset of [-1, 0]) {
    const day = new Date(local.getTime() + dayOffset * DAY_MS);
    const start = instantOf(day, 0, window.from, timeZone);
    const end = instantOf(day, crossesMidnight ? 1 : 0, window.to, timeZone);
    if (start <= at && at < end) return { start, end };
  }
  return undefined;
}

/**
 * When the last occurrence of `window` in `timeZone` to end by `at` ended (epoch ms): what was waiting
 * before then waited through it.
 */
export function lastEndOf(window: DailyWindow, timeZone: string, at: number): number {
  const local = new Date(at + offsetMinutesAt(timeZone, at) * 60_000);
  const crossesMidnight = window.to <= window.from;
  let end = at;
  // The occurrence that started today, else yesterday, else the day before (a day shortened by DST).
  for (const dayOffset of [0, -1, -2]) {
    const day = new Date(local.getTime() + dayOffset * DAY_MS);
    end = instantOf(day, crossesMidnight ? 1 : 0, window.to, timeZone);
    if (end <= at) return end;
  }
  return end;
}

/** The instant of `minutes` after local midnight, `days` after the local date of `day`, in `timeZone`. */
function instantOf(day: Date, days: number, minutes: number, timeZone: string): number {
  return zonedToUtcMs(
    {
      year: day.getUTCFullYear(),
      month: day.getUTCMonth() + 1,
      day: day.getUTCDate() + days,
      hour: Math.floor(minutes / 60),
      minute: minutes % 60,
    },
    timeZone,
  );
}
