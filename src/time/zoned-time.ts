/**
 * Carrier times arrive as local wall time (`01-03-2017 11:00`, `2015-02-04T15:17:03`) in the time zone
 * of the place the event happened. These helpers turn such a wall time into an ISO 8601 instant that
 * keeps the local offset (`2017-03-01T11:00:00+08:00`), daylight saving included, with nothing but Intl.
 */

/** A local date and time as written, without a zone. Months are 1–12. */
export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second?: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC, in minutes, at the instant `utcMs`. */
export function offsetMinutesAt(timeZone: string, utcMs: number): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

/**
 * The instant a wall time denotes in `timeZone`. In a daylight-saving gap (a time that never happened)
 * the offset before the change is used; in an overlap (a time that happened twice), the earlier instant.
 */
export function zonedToUtcMs(wall: WallTime, timeZone: string): number {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second ?? 0);
  const before = offsetMinutesAt(timeZone, asUtc - 86_400_000);
  const after = offsetMinutesAt(timeZone, asUtc + 86_400_000);
  // Try both offsets around the wall time; keep one that maps back to the same wall time.
  for (const offset of before <= after ? [after, before] : [before, after]) {
    const candidate = asUtc - offset * 60_000;
    if (offsetMinutesAt(timeZone, candidate) === offset) return candidate;
  }
  return asUtc - before * 60_000;
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** `2017-03-01T11:00:00+08:00`: the wall time with the zone's offset at that moment. */
export function zonedIso(wall: WallTime, timeZone: string): string {
  const utcMs = zonedToUtcMs(wall, timeZone);
  const offset = offsetMinutesAt(timeZone, utcMs);
  return formatWithOffset(utcMs, offset);
}

/** The instant `utcMs` written in local time at a fixed offset, e.g. `…T11:00:00+08:00`. */
export function formatWithOffset(utcMs: number, offsetMinutes: number): string {
  const local = new Date(utcMs + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const date = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  return `${date}T${time}${sign}${pad(Math.trunc(offsetMinutes / 60))}:${pad(offsetMinutes % 60)}`;
}

/** Whether Intl knows `timeZone`. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}
