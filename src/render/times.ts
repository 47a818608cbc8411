import type { Locale } from '../domain/locale.js';
import { isTimeZone, offsetMinutesAt } from '../time/zoned-time.js';

/**
 * Instants as the reader reads them: in the chat's time zone, by `Intl`, for the chat's language, with
 * the place's own clock where it shows a different time.
 */

/**
 * The `Intl` locale for a Postie language. English reads day before month (`24 Nov, 14:05`), as in Hong
 * Kong, New Zealand, the UK and Australia, where Postie's first carriers deliver; `en` alone would mean
 * US order.
 */
export function intlLocale(locale: Locale): string {
  return locale === 'en' ? 'en-GB' : locale;
}

/** An ISO 8601 instant: epoch ms, and the UTC offset it was written with (absent for a bare time). */
export interface Instant {
  readonly ms: number;
  readonly offsetMinutes?: number;
}

const OFFSET = /(?:([+-])(\d{2}):?(\d{2})|Z)$/i;

export function parseInstant(iso: string): Instant | undefined {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return undefined;
  const match = OFFSET.exec(iso.trim());
  if (!match) return { ms };
  const [, sign, hours, minutes] = match;
  if (sign === undefined) return { ms, offsetMinutes: 0 };
  const size = Number(hours) * 60 + Number(minutes);
  return { ms, offsetMinutes: sign === '-' ? -size : size };
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** A cached formatter: building one costs far more than using it. */
export function dateFormat(
  locale: Locale,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(intlLocale(locale), { ...options, timeZone });
    formats.set(key, format);
  }
  return format;
}

export const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
const DAY: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short' };
const DAY_IN_YEAR: Intl.DateTimeFormatOptions = { ...DAY, year: 'numeric' };

const DAY_MS = 86_400_000;

/** The calendar date of `ms` in `timeZone`, as a count of days since 1 Jan 1970 (comparable, subtractable). */
export function calendarDay(ms: number, timeZone: string): number {
  return Math.floor((ms + offsetMinutesAt(timeZone, ms) * 60_000) / DAY_MS);
}

/** The calendar year of `ms` in `timeZone`. */
function yearIn(ms: number, timeZone: string): string {
  return dateFormat('en', timeZone, { year: 'numeric' }).format(ms);
}

/** `24 Nov, 14:05` in the reader's zone; the year too when it is not this year there. */
export function dateTime(ms: number, locale: Locale, timeZone: string, now: number): string {
  const day = yearIn(ms, timeZone) === yearIn(now, timeZone) ? DAY : DAY_IN_YEAR;
  return dateFormat(locale, timeZone, { ...day, ...TIME }).format(ms);
}

/**
 * The place's own clock for an event, when it differs from the reader's: `London 06:05` in English,
 * `英國時間 06:05` in Chinese, with the place's date when it is another day there than for the reader
 * (`Hong Kong 6 Dec, 00:35` beside the reader's `5 Dec, 16:35`). The place is the event's zone (its city
 * in English, Intl's generic zone name in Chinese); without a zone, the UTC offset the carrier wrote
 * (`UTC+5:30`).
 */
export function localClock(
  instant: Instant,
  eventZone: string | undefined,
  locale: Locale,
  readerZone: string,
): { readonly place: string; readonly time: string } | undefined {
  const zone = eventZone !== undefined && isTimeZone(eventZone) ? eventZone : undefined;
  const offset = zone ? offsetMinutesAt(zone, instant.ms) : instant.offsetMinutes;
  if (offset === undefined || offset === offsetMinutesAt(readerZone, instant.ms)) return undefined;
  const placeMs = instant.ms + offset * 60_000;
  const sameDay = Math.floor(placeMs / DAY_MS) === calendarDay(instant.ms, readerZone);
  const time = dateFormat(locale, 'UTC', sameDay ? TIME : { ...DAY, ...TIME }).format(placeMs);
  return { place: zone ? zonePlace(zone, locale) : utcOffset(offset), time };
}

/** What to call a time zone: `London`, `New York` (from the IANA name) or `英國時間` (Intl, by language). */
function zonePlace(timeZone: string, locale: Locale): string {
  if (locale === 'en') return (timeZone.split('/').pop() ?? timeZone).replaceAll('_', ' ');
  const parts = dateFormat(locale, timeZone, { timeZoneName: 'longGeneric' }).formatToParts(0);
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}

/** `UTC+8`, `UTC-3:30`, `UTC+0`. */
function utcOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const size = Math.abs(minutes);
  const rest = size % 60;
  return `UTC${sign}${Math.floor(size / 60)}${rest === 0 ? '' : `:${String(rest).padStart(2, '0')}`}`;
}
