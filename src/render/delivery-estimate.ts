import type { DeliveryEstimate } from '../domain/shipment.js';
import type { RenderContext } from './render-context.js';
import { dateFormat, type Instant, parseInstant, TIME } from './times.js';

const DAY_MS = 86_400_000;
const DAY: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short' };

/**
 * "Expected: Mon 25 Nov, 09:00–13:00": the carrier's estimate as one line of text, or `undefined` when it
 * has no readable instant. A bound at local midnight is a date without a time ("Expected: Mon 25 Nov"),
 * read on the carrier's calendar: moving it into the reader's zone could name the wrong day.
 */
export function expectedDelivery(estimate: DeliveryEstimate, ctx: RenderContext): string | undefined {
  const from = estimate.from === undefined ? undefined : parseInstant(estimate.from);
  const to = estimate.to === undefined ? undefined : parseInstant(estimate.to);
  if (from && to && to.ms >= from.ms) return ctx.t('tracking.expected', { when: range(from, to, ctx) });
  const single = from ?? to;
  if (!single) return undefined;
  const when = isDateOnly(single) ? carrierDate(single, ctx) : readerTime(single.ms, ctx);
  return ctx.t(from ? 'tracking.expected' : 'tracking.expected_by', { when });
}

function range(from: Instant, to: Instant, ctx: RenderContext): string {
  if (isDateOnly(from) && isDateOnly(to)) {
    const format = dateFormat(ctx.locale, 'UTC', DAY);
    return format.formatRange(wallMs(from), wallMs(to));
  }
  return dateFormat(ctx.locale, ctx.view.timeZone, { ...DAY, ...TIME }).formatRange(from.ms, to.ms);
}

function readerTime(ms: number, ctx: RenderContext): string {
  return dateFormat(ctx.locale, ctx.view.timeZone, { ...DAY, ...TIME }).format(ms);
}

function carrierDate(instant: Instant, ctx: RenderContext): string {
  return dateFormat(ctx.locale, 'UTC', DAY).format(wallMs(instant));
}

/** The instant's wall clock, as if it were UTC. */
function wallMs(instant: Instant): number {
  return instant.ms + (instant.offsetMinutes ?? 0) * 60_000;
}

function isDateOnly(instant: Instant): boolean {
  return instant.offsetMinutes !== undefined && wallMs(instant) % DAY_MS === 0;
}
