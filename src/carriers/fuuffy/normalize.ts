import { CarrierError } from '../../domain/carrier-error.js';
import { eventKey } from '../../domain/event-key.js';
import type { LocalizedText, Shipment, TrackingEvent } from '../../domain/shipment.js';
import { toTrackingNumber } from '../../domain/tracking-number.js';
import { type WallTime, zonedIso } from '../../time/zoned-time.js';
import type { TrackRequest } from '../adapter.js';
import { FUUFFY_DATE, type TrackingData, type TrackingMessage } from './schema.js';
import { statusForOrderStatus, statusForRouteCode, type UnmappedCode } from './status.js';

/**
 * Fuuffy dates carry no offset: they are Hong Kong / mainland China wall time (+08:00 all year, no
 * daylight saving; CARRIERS.md). Both places share the offset, so one zone reads them all.
 */
const FUUFFY_TIME_ZONE = 'Asia/Hong_Kong';

export interface NormalizeInput {
  readonly request: TrackRequest;
  readonly data: TrackingData;
  /** When Postie asked (ISO 8601, UTC). */
  readonly fetchedAt: string;
}

export interface Normalized {
  readonly shipment: Shipment;
  /** Vendor values no status table maps (the adapter logs each once). */
  readonly unmapped: readonly UnmappedCode[];
}

/**
 * One Fuuffy tracking answer → Shipment (pure). Events newest first, Chinese text kept as written.
 * The shipment's status is the newest event's; with no event yet it comes from `order_status`.
 * Throws `bad_response` for a date that is not a real `YYYY-MM-DD HH:mm:ss` time. No expected delivery:
 * seed 003's answer (`tracking_number` … `tracking_msg_list`, `message`) has no estimate field.
 */
export function normalizeTracking({ request, data, fetchedAt }: NormalizeInput): Normalized {
  const unmapped: UnmappedCode[] = [];
  // Keys follow the parcel's own number, so a lookup by order id yields the same keys as one by number.
  const parcelNumber = toTrackingNumber(data.tracking_number ?? '') ?? request.number;
  const number = request.byOrderId ? parcelNumber : request.number;

  const sorted = data.tracking_msg_list
    .map((message, index) => ({ event: toEvent(message, request.carrier, parcelNumber), index }))
    // Newest first; equal times keep the later list entry first (Fuuffy lists routes oldest first).
    .sort((a, b) => Date.parse(b.event.time) - Date.parse(a.event.time) || b.index - a.index)
    .map(({ event }) => event);
  // The same route step sent twice is one event.
  const events = [...new Map(sorted.map((event) => [event.key, event])).values()];
  for (const event of events) {
    if (event.status === 'unknown' && event.vendorCode !== undefined) {
      unmapped.push({ table: 'sf_route_code', code: event.vendorCode });
    }
  }

  let status = events[0]?.status;
  if (status === undefined) {
    status = statusForOrderStatus(data.order_status);
    if (status === 'unknown' && data.order_status !== undefined) {
      unmapped.push({ table: 'order_status', code: data.order_status });
    }
  }

  const origin = text(data.export_country);
  const destination = text(data.destination_country);
  const shipment: Shipment = {
    number,
    carrier: request.carrier,
    adapter: 'fuuffy',
    status,
    events,
    ...(origin && { origin }),
    ...(destination && { destination }),
    fetchedAt,
  };
  return { shipment, unmapped };
}

function toEvent(message: TrackingMessage, carrier: string, number: string): TrackingEvent {
  const time = zonedIso(parseFuuffyDate(message.date), FUUFFY_TIME_ZONE);
  const vendorCode = message.code?.trim() || undefined;
  const location = text(message.location);
  return {
    key: eventKey({ carrier, number, time, vendorCode, location: location?.text, text: message.message }),
    time,
    timeZone: FUUFFY_TIME_ZONE,
    ...(location && { location }),
    description: { text: message.message },
    status: statusForRouteCode(vendorCode),
    ...(vendorCode !== undefined && { vendorCode }),
  };
}

/** `2025-12-09 17:37:09` → wall time; `bad_response` unless it names a real date and time. */
function parseFuuffyDate(date: string): WallTime {
  const parts = FUUFFY_DATE.exec(date)?.slice(1).map(Number);
  const [year, month, day, hour, minute, second] = parts ?? [];
  if (
    year === undefined ||
    month === undefined ||
    day === undefined ||
    hour === undefined ||
    minute === undefined ||
    second === undefined ||
    year < 1970 ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day ||
    month < 1 ||
    month > 12
  ) {
    throw new CarrierError('fuuffy', 'bad_response', 'Fuuffy sent an event date that is not a valid time');
  }
  return { year, month, day, hour, minute, second };
}

function text(value: string | undefined): LocalizedText | undefined {
  const trimmed = value?.trim();
  return trimmed ? { text: trimmed } : undefined;
}
