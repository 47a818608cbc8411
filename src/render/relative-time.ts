import type { Locale } from '../domain/locale.js';
import type { RenderContext } from './render-context.js';
import { calendarDay, intlLocale } from './times.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Events at most this old also say how long ago they were. @defaultValue one day */
export const RECENT_MS = DAY;

const relativeFormats = new Map<Locale, Intl.RelativeTimeFormat>();

function relativeFormat(locale: Locale): Intl.RelativeTimeFormat {
  let format = relativeFormats.get(locale);
  if (!format) {
    format = new Intl.RelativeTimeFormat(intlLocale(locale), { numeric: 'auto' });
    relativeFormats.set(locale, format);
  }
  return format;
}

/**
 * `3 hours ago`, `yesterday`, `3 小時前` (Intl.RelativeTimeFormat): the largest whole unit, rounded down,
 * so "2 hours ago" is never said of something 1 h 59 min old. Days are calendar days in the reader's
 * `timeZone`: "yesterday" is the date before today there, so 4 Dec 21:37 read on 6 Dec 10:37 is "2 days
 * ago", though only 37 hours back. Under a minute (and times in the future, from clock skew) it is
 * `justNow`, the locale's `time.just_now`.
 */
function ago(thenMs: number, nowMs: number, locale: Locale, justNow: string, timeZone = 'UTC'): string {
  const elapsed = Math.max(0, nowMs - thenMs);
  const format = relativeFormat(locale);
  if (elapsed < MINUTE) return justNow;
  if (elapsed < HOUR) return format.format(-Math.floor(elapsed / MINUTE), 'minute');
  if (elapsed < DAY) return format.format(-Math.floor(elapsed / HOUR), 'hour');
  if (elapsed < 30 * DAY)
    return format.format(-(calendarDay(nowMs, timeZone) - calendarDay(thenMs, timeZone)), 'day');
  if (elapsed < 365 * DAY) return format.format(-Math.floor(elapsed / (30 * DAY)), 'month');
  return format.format(-Math.floor(elapsed / (365 * DAY)), 'year');
}

/**
 * `30 seconds`, `2 minutes`, `5 hours` (Intl.NumberFormat units), rounded up: "try again in" must not
 * send people back before the wait is over.
 */
export function duration(ms: number, locale: Locale): string {
  const wait = Math.max(SECOND, ms);
  const [value, unit] =
    wait < MINUTE
      ? [Math.ceil(wait / SECOND), 'second']
      : wait < HOUR
        ? [Math.ceil(wait / MINUTE), 'minute']
        : wait < 2 * DAY
          ? [Math.ceil(wait / HOUR), 'hour']
          : [Math.ceil(wait / DAY), 'day'];
  return new Intl.NumberFormat(intlLocale(locale), { style: 'unit', unit, unitDisplay: 'long' }).format(
    value,
  );
}

/** How long before the reader's now `thenMs` was, in the reader's language. */
export function agoFor(thenMs: number, ctx: RenderContext): string {
  return ago(thenMs, ctx.view.now, ctx.locale, ctx.t('time.just_now'), ctx.view.timeZone);
}
