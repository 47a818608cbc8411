import type { ShipmentStatus } from '../../domain/shipment.js';
import type { Logger } from '../../logger.js';
import { type StatusTable, valuesOfField } from '../status-table.js';

/**
 * TrackingMore v2 package statuses (item `status` and each checkpoint's `checkpoint_status`), reviewed
 * against the vendor's list: https://www.trackingmore.com/docs/logistics_status.php (seed 004, CARRIERS.md).
 * `notfound` never reaches a timeline: an item with that status and no events is a `not_found` outcome.
 */
export const TRACKINGMORE_STATUS_TABLE: readonly (readonly [code: string, status: ShipmentStatus])[] = [
  /** "New packages added that are pending to track." */
  ['pending', 'pending'],
  /** "No package tracking info available yet." */
  ['notfound', 'pending'],
  /** "Has tracking info and is on the way to the recipient's address." */
  ['transit', 'in_transit'],
  /** "Out for delivery", or "ready to be picked up at the local facility": see `pickupStatus`. */
  ['pickup', 'out_for_delivery'],
  ['delivered', 'delivered'],
  /** "Failed attempt": an unsuccessful delivery attempt. */
  ['undelivered', 'failed_attempt'],
  /** Returned to sender, refused, damaged, held at customs and the like. */
  ['exception', 'exception'],
  /** Not delivered within 30 days (express) or 60 days (postal services). */
  ['expired', 'expired'],
];

const TABLE: ReadonlyMap<string, ShipmentStatus> = new Map(TRACKINGMORE_STATUS_TABLE);

/** The table as the shared status-table test reads it: the item's `status` and each checkpoint's. */
export const STATUS_TABLES: readonly StatusTable[] = [
  {
    name: 'package status',
    entries: TRACKINGMORE_STATUS_TABLE,
    statusOf: (code) => TABLE.get(code.trim().toLowerCase()),
    codesIn: (answer) => ['status', 'checkpoint_status'].flatMap((field) => valuesOfField(answer, field)),
  },
];

/**
 * `pickup` covers two situations the vendor does not tell apart by code; the carrier's own text does
 * ("Ready for pickup", "Awaiting collection", "待自取", "待领取").
 */
const WAITING_FOR_COLLECTION = /pick[\s-]?up|collect|自取|领取|領取/i;

const reported = new Set<string>();

/**
 * The Postie status for a TrackingMore status code, refined by the event's text for `pickup`.
 * An unmapped code is `unknown`, logged once per code per process (never a guess).
 */
export function trackingmoreStatus(code: string, text: string, logger?: Logger): ShipmentStatus {
  const key = code.trim().toLowerCase();
  const status = TABLE.get(key);
  if (status === undefined) {
    if (!reported.has(key)) {
      reported.add(key);
      logger?.warn({ adapter: 'trackingmore', vendorCode: key }, 'unmapped TrackingMore status code');
    }
    return 'unknown';
  }
  if (key === 'pickup' && WAITING_FOR_COLLECTION.test(text)) return 'available_for_pickup';
  return status;
}
