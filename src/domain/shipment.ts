import type { AdapterId, CarrierId } from './carrier.js';
import type { Locale } from './locale.js';
import type { TrackingNumber } from './tracking-number.js';

/** Where a parcel is, normalized across carriers (DESIGN.md). Each adapter maps vendor codes with a reviewed table. */
export const SHIPMENT_STATUSES = [
  'pending',
  'info_received',
  'in_transit',
  'out_for_delivery',
  'available_for_pickup',
  'failed_attempt',
  'delivered',
  'exception',
  'expired',
  'unknown',
] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/**
 * Carrier text: `text` as the carrier wrote it in the language asked for, and the same text in other
 * languages where the carrier gives several (Hongkong Post answers in English and both Chinese scripts).
 */
export interface LocalizedText {
  readonly text: string;
  readonly byLocale?: Readonly<Partial<Record<Locale, string>>>;
}

export interface TrackingEvent {
  /** Stable identity (`eventKey`): the same event fetched twice has the same key. */
  readonly key: string;
  /** ISO 8601 instant with the carrier-local UTC offset kept, e.g. `2017-03-01T11:00:00+08:00`. */
  readonly time: string;
  /** IANA zone the local time was read in, when the carrier's data says where the event happened. */
  readonly timeZone?: string;
  readonly location?: LocalizedText;
  readonly description: LocalizedText;
  readonly status: ShipmentStatus;
  /** The carrier's own code for the event, as sent. */
  readonly vendorCode?: string;
}

/** A stretch of the journey handled by one carrier (TrackingMore reports origin and destination legs). */
export interface Leg {
  readonly role: 'origin' | 'destination';
  /** The carrier of this leg, as the adapter names it (a CarrierId or the vendor's own code). */
  readonly carrier: string;
  readonly events: readonly TrackingEvent[];
}

/** When a carrier says the parcel should arrive: a day, or a window on the day of delivery. */
export interface DeliveryEstimate {
  /** ISO 8601 instants with the local offset; `from` alone for a single expected time. */
  readonly from?: string;
  readonly to?: string;
}

export interface Shipment {
  readonly number: TrackingNumber;
  readonly carrier: CarrierId;
  readonly adapter: AdapterId;
  readonly status: ShipmentStatus;
  /** Every event, newest first (all legs merged). */
  readonly events: readonly TrackingEvent[];
  readonly origin?: LocalizedText;
  readonly destination?: LocalizedText;
  readonly estimatedDelivery?: DeliveryEstimate;
  /** The carrier's service name (`Overnight`, `Speedpost`), when given. */
  readonly service?: string;
  readonly legs?: readonly Leg[];
  /** When Postie asked (ISO 8601, UTC). */
  readonly fetchedAt: string;
}
