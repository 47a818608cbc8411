import {
  formatWithOffset,
  offsetMinutesAt,
  type WallTime,
  zonedIso,
  zonedToUtcMs,
} from '../../time/zoned-time.js';

/**
 * ParcelTrack writes `event_datetime` as New Zealand wall time without an offset (`2015-02-04T15:17:03`,
 * seeds/002), daylight saving included, and the delivery window as a time of day (`08:45:00`).
 */
export const NZ_TIME_ZONE = 'Pacific/Auckland';

/** An instant as Postie keeps it: ISO 8601 with the NZ offset of that moment, and epoch milliseconds. */
export interface NzInstant {
  readonly iso: string;
  readonly utcMs: number;
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;
const TIME_OF_DAY = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?$/;

/**
 * `2015-02-04T15:17:03` read in Pacific/Auckland; a time that carries its own offset (`…Z`, `…+13:00`)
 * keeps its instant and is written in NZ time. `undefined` when the text is not a real date and time.
 */
export function parseNzDateTime(text: string): NzInstant | undefined {
  const match = DATE_TIME.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, zone] = match;
  const wall = validWall(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s ?? 0));
  if (!wall) return undefined;
  if (zone === undefined) {
    return { iso: zonedIso(wall, NZ_TIME_ZONE), utcMs: zonedToUtcMs(wall, NZ_TIME_ZONE) };
  }
  const offsetMs = offsetOf(zone);
  if (offsetMs === undefined) return undefined;
  const utcMs = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - offsetMs;
  return { iso: formatWithOffset(utcMs, offsetMinutesAt(NZ_TIME_ZONE, utcMs)), utcMs };
}

/**
 * A delivery-window bound: a time of day on the NZ date `day` (`YYYY-MM-DD`), or a full date and time.
 * `undefined` when empty or unreadable.
 */
export function parseWindowBound(text: string | null | undefined, day: string): NzInstant | undefined {
  const value = text?.trim();
  if (!value) return undefined;
  const match = TIME_OF_DAY.exec(value);
  if (!match) return parseNzDateTime(value);
  const [, h, mi, s] = match;
  const [y, mo, d] = day.split('-').map(Number);
  const wall = validWall(y ?? 0, mo ?? 0, d ?? 0, Number(h), Number(mi), Number(s ?? 0));
  return wall && { iso: zonedIso(wall, NZ_TIME_ZONE), utcMs: zonedToUtcMs(wall, NZ_TIME_ZONE) };
}

/** The NZ calendar day after `day` (`YYYY-MM-DD`). */
export function nextDay(day: string): string {
  const [y, mo, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, (d ?? 0) + 1)).toISOString().slice(0, 10);
}

function validWall(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): Required<WallTime> | undefined {
  if (year < 1970 || year > 2199 || month < 1 || month > 12 || day < 1) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return undefined;
  return { year, month, day, hour, minute, second };
}

/** `Z`, `+13:00` or `+1300` in milliseconds east of UTC; `undefined` past ±14:00. */
function offsetOf(zone: string): number | undefined {
  if (zone === 'Z') return 0;
  const digits = zone.replace(':', '');
  const hours = Number(digits.slice(1, 3));
  const minutes = Number(digits.slice(3, 5));
  if (hours > 14 || minutes > 59) return undefined;
  return (digits.startsWith('-') ? -1 : 1) * (hours * 60 + minutes) * 60_000;
}
