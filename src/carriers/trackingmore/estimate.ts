import type { DeliveryEstimate } from '../../domain/shipment.js';
import { formatWithOffset, zonedIso } from '../../time/zoned-time.js';
import { eventTime } from './vendor-time.js';

/**
 * TrackingMore's expected delivery. Seed 004 (API v2) documents no such field; TrackingMore's tracking
 * object in its current API (v4) carries `scheduled_delivery_date`, a date (`2024-11-26`) or a date and
 * time, when the carrier gives one. Unverified for v2 answers, so it is read when present and anything
 * that is not a real date is ignored: an estimate is a courtesy, never a reason to fail the lookup.
 */

const DATE_ONLY = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/;
const FIRST_YEAR = 1990;
const LAST_YEAR = 2200;

/**
 * `2024-11-26` → that whole day in `timeZone` (the destination's: where it will be delivered), `from`
 * its midnight and `to` the next; a date and time → that moment, read like a checkpoint time. Without a
 * known zone a date is a UTC day. `undefined` for anything else.
 */
export function scheduledDelivery(
  value: unknown,
  timeZone: string | undefined,
): DeliveryEstimate | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const date = DATE_ONLY.exec(text);
  if (date) return wholeDay(Number(date[1]), Number(date[2]), Number(date[3]), timeZone);
  try {
    return { from: eventTime(text, timeZone).time };
  } catch {
    return undefined;
  }
}

function wholeDay(year: number, month: number, day: number, timeZone: string | undefined) {
  if (year < FIRST_YEAR || year > LAST_YEAR || month < 1 || month > 12) return undefined;
  if (day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  const midnight = (y: number, m: number, d: number) =>
    timeZone === undefined
      ? formatWithOffset(Date.UTC(y, m - 1, d), 0)
      : zonedIso({ year: y, month: m, day: d, hour: 0, minute: 0 }, timeZone);
  return {
    from: midnight(year, month, day),
    to: midnight(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()),
  };
}
