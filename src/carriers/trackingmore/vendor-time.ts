import { CarrierError } from '../../domain/carrier-error.js';
import { formatWithOffset, zonedIso } from '../../time/zoned-time.js';

/**
 * TrackingMore v2 writes checkpoint times as local wall time without an offset (`2018-04-14 17:07:00`,
 * `2018-04-17 22:30`, sometimes `2018/04/14` or a bare date), in the time zone of the leg's country.
 * An ISO time that carries its own offset keeps that offset.
 */
const WALL_TIME = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|([+-])(\d{2}):(\d{2}))$/;

/** Years outside this range are taken for garbage, not history. */
const FIRST_YEAR = 1990;
const LAST_YEAR = 2200;

export interface EventTime {
  /** ISO 8601 with the local offset (`+00:00` when the zone is unknown). */
  readonly time: string;
  /** The zone the wall time was read in, when known. */
  readonly timeZone?: string;
}

/**
 * The instant a vendor time denotes, read in `timeZone` (UTC when unknown). A time that is not a real
 * date and time is a `bad_response`: a wrong timeline is worse than none.
 */
export function eventTime(text: string, timeZone: string | undefined): EventTime {
  const trimmed = text.trim();
  const zoned = WITH_OFFSET.exec(trimmed);
  if (zoned) {
    const ms = Date.parse(trimmed);
    if (Number.isNaN(ms)) throw badTime();
    const sign = zoned[2] === '-' ? -1 : 1;
    const offset = sign * (Number(zoned[3] ?? 0) * 60 + Number(zoned[4] ?? 0));
    return { time: formatWithOffset(ms, offset) };
  }
  const match = WALL_TIME.exec(trimmed);
  if (!match) throw badTime();
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const valid =
    year >= FIRST_YEAR &&
    year <= LAST_YEAR &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= new Date(Date.UTC(year, month, 0)).getUTCDate() &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59;
  if (!valid) throw badTime();
  const wall = { year, month, day, hour, minute, second };
  if (timeZone === undefined) {
    return { time: formatWithOffset(Date.UTC(year, month - 1, day, hour, minute, second), 0) };
  }
  return { time: zonedIso(wall, timeZone), timeZone };
}

function badTime(): CarrierError {
  return new CarrierError(
    'trackingmore',
    'bad_response',
    'TrackingMore sent a checkpoint time that is not a date',
  );
}
