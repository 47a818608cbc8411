import type { ShipmentStatus } from './shipment.js';

/**
 * A chat's quiet hours (`/quiet 22:00-07:30`): from `from` to `to`, minutes after midnight on the
 * chat's local clock (its `/timezone`), crossing midnight when `to` is not after `from`; `from` and
 * `to` are never equal. Notifications inside are held and sent as one digest when they end; with
 * `urgent`, news of a parcel out for delivery or delivered comes through at once.
 */
export interface QuietHours {
  readonly from: number;
  readonly to: number;
  readonly urgent: boolean;
}

/** The news `urgent` quiet hours let through (`/quiet … urgent`). */
export const URGENT_STATUSES: readonly ShipmentStatus[] = ['out_for_delivery', 'delivered'];

/** `22:00` for 1320 minutes after midnight: how quiet hours are typed and shown. */
export function clockTimeOf(minutes: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}
