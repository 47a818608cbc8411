import type { DeliveryEstimate, ShipmentStatus } from '../domain/shipment.js';
import type { RenderContext } from './render-context.js';
import { calendarDay, dateFormat, type Instant, parseInstant, TIME } from './times.js';

const DAY_MS = 86_400_000;
const DAY: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short' };

/**
 * The carrier's estimate as one line: "Expected today 14:00–18:00", "Expected Tue 8 Dec", "Expected by
 * Wed 9 Dec, 17:00". A window is read in the chat's zone; a whole-day estimate (bounds at local
 * midnight, `to` the next midnight, as `DeliveryEstimate` says) on the carrier's calendar, since moving it
 * into the reader's zone could name the wrong day. Today and tomorrow are named as such.
 *
 * Once the estimate has passed it is history: dropped when the parcel is delivered, else marked ("Was
 * expected Tue 8 Dec"), so a late parcel says so. `undefined` when there is nothing to show, including
 * an estimate with no readable instant.
 */
export function expectedDelivery(
  estimate: DeliveryEstimate,
  status: ShipmentStatus,
  ctx: RenderContext,
): string | undefined {
  if (status === 'delivered') return undefined;
  const from = estimate.from === undefined ? undefined : parseInstant(estimate.from);
  const read = estimate.to === undefined ? undefined : parseInstant(estimate.to);
  // An end before the start is a carrier's slip: the start alone still says something.
  const to = from && read && read.ms < from.ms ? undefined : read;
  const end = to ?? (from && isMidnight(from) ? { ...from, ms: from.ms + DAY_MS } : from);
  if (!end) return undefined;
  const when = from ? whenFrom(from, to, ctx) : readerTime(end.ms, ctx);
  if (end.ms <= ctx.view.now) return ctx.t('tracking.was_expected', { when });
  return ctx.t(from ? 'tracking.expected' : 'tracking.expected_by', { when });
}

/** The words for a span that starts at `from` (and ends at `to`, when known). */
function whenFrom(from: Instant, to: Instant | undefined, ctx: RenderContext): string {
  if (isMidnight(from) && (to === undefined || isMidnight(to))) {
    const lastDay = to === undefined ? wallMs(from) : wallMs(to) - DAY_MS;
    return lastDay <= wallMs(from) ? carrierDay(from, ctx) : carrierDays(from, lastDay, ctx);
  }
  if (to === undefined || to.ms === from.ms) return readerTime(from.ms, ctx);
  const zone = ctx.view.timeZone;
  if (calendarDay(from.ms, zone) !== calendarDay(to.ms, zone)) {
    return dateFormat(ctx.locale, zone, { ...DAY, ...TIME }).formatRange(from.ms, to.ms);
  }
  const hours = dateFormat(ctx.locale, zone, TIME).formatRange(from.ms, to.ms);
  return `${readerDay(from.ms, ctx)} ${hours}`;
}

/** `today 14:00`, `Tue 8 Dec 14:00`, in the reader's zone. */
function readerTime(ms: number, ctx: RenderContext): string {
  return `${readerDay(ms, ctx)} ${dateFormat(ctx.locale, ctx.view.timeZone, TIME).format(ms)}`;
}

function readerDay(ms: number, ctx: RenderContext): string {
  const zone = ctx.view.timeZone;
  return relativeDay(calendarDay(ms, zone), ctx) ?? dateFormat(ctx.locale, zone, DAY).format(ms);
}

/** The carrier's calendar day of a midnight bound: `today`, `tomorrow` or `Tue 8 Dec`. */
function carrierDay(day: Instant, ctx: RenderContext): string {
  return (
    relativeDay(Math.floor(wallMs(day) / DAY_MS), ctx) ??
    dateFormat(ctx.locale, 'UTC', DAY).format(wallMs(day))
  );
}

/** `Tue 8 – Thu 10 Dec`: several whole days, the last one included. */
function carrierDays(first: Instant, lastDayWallMs: number, ctx: RenderContext): string {
  return dateFormat(ctx.locale, 'UTC', DAY).formatRange(wallMs(first), lastDayWallMs);
}

/** `today` or `tomorrow` for a calendar day (days since 1970) compared with the reader's today. */
function relativeDay(day: number, ctx: RenderContext): string | undefined {
  const today = calendarDay(ctx.view.now, ctx.view.timeZone);
  if (day === today) return ctx.t('tracking.today');
  if (day === today + 1) return ctx.t('tracking.tomorrow');
  return undefined;
}

/** The instant's wall clock, as if it were UTC. */
function wallMs(instant: Instant): number {
  return instant.ms + (instant.offsetMinutes ?? 0) * 60_000;
}

/** A bound at local midnight, written with its offset: a whole-day estimate. */
function isMidnight(instant: Instant): boolean {
  return instant.offsetMinutes !== undefined && wallMs(instant) % DAY_MS === 0;
}
