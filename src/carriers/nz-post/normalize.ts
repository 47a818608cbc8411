import type { CarrierId } from '../../domain/carrier.js';
import { CarrierError } from '../../domain/carrier-error.js';
import { eventKey } from '../../domain/event-key.js';
import type { DeliveryEstimate, Shipment, TrackingEvent } from '../../domain/shipment.js';
import type { TrackRequest } from '../adapter.js';
import { NZ_TIME_ZONE, type NzInstant, nextDay, parseNzDateTime, parseWindowBound } from './nz-time.js';
import type { ParcelResults, RawTrackingEvent } from './schema.js';
import { statusForEdifact } from './status.js';

/** What normalizing one parcel gave: the shipment, and the EDIFACT codes the status table lacks. */
export interface NormalizedParcel {
  readonly shipment: Shipment;
  readonly unmappedCodes: readonly string[];
}

interface ReadEvent {
  readonly event: TrackingEvent;
  readonly raw: RawTrackingEvent;
  readonly at: NzInstant;
}

/**
 * Pure ParcelTrack results → Shipment: events newest first (ties keep NZ Post's order), each with a key
 * built from the request's carrier and number, the event's instant, code and text — never `message_id`
 * or `message_datetime`, which change on every call. The shipment's status is its newest event's.
 * `signed_by` is not copied anywhere, and the signer's name is taken out of event text where it appears.
 * Throws `bad_response` when an event time is not a real date and time.
 */
export function normalizeParcel(
  results: ParcelResults,
  request: TrackRequest,
  fetchedAtMs: number,
): NormalizedParcel {
  const unmapped = new Set<string>();
  const seen = new Set<string>();
  const read: ReadEvent[] = [];
  for (const raw of results.tracking_events ?? []) {
    const item = readEvent(raw, request);
    if (item.event.status === 'unknown') unmapped.add(raw.event_edifact_code);
    if (seen.has(item.event.key)) continue;
    seen.add(item.event.key);
    read.push(item);
  }
  // Array.prototype.sort is stable: events at the same instant keep the order NZ Post sent them in.
  read.sort((a, b) => b.at.utcMs - a.at.utcMs);
  const newest = read[0];
  const estimate = newest && deliveryWindow(newest);
  const service = results.service?.trim();
  const shipment: Shipment = {
    number: request.number,
    carrier: carrierOf(results.carrier, request.carrier),
    adapter: 'nz-post',
    status: newest?.event.status ?? 'pending',
    events: read.map((r) => r.event),
    ...(service ? { service } : {}),
    ...(estimate ? { estimatedDelivery: estimate } : {}),
    fetchedAt: new Date(fetchedAtMs).toISOString(),
  };
  return { shipment, unmappedCodes: [...unmapped] };
}

function readEvent(raw: RawTrackingEvent, request: TrackRequest): ReadEvent {
  const at = parseNzDateTime(raw.event_datetime);
  if (!at) throw new CarrierError('nz-post', 'bad_response', 'NZ Post sent an event time that is not a date');
  const code = raw.event_edifact_code;
  const text = withoutSigner(describe(raw), raw.signed_by?.name);
  const event: TrackingEvent = {
    key: eventKey({ carrier: request.carrier, number: request.number, time: at.iso, vendorCode: code, text }),
    time: at.iso,
    timeZone: NZ_TIME_ZONE,
    description: { text },
    status: statusForEdifact(code) ?? 'unknown',
    ...(code ? { vendorCode: code } : {}),
  };
  return { event, raw, at };
}

/** The detailed text, else the brief one, else the code: NZ Post marks neither text as mandatory. */
function describe(raw: RawTrackingEvent): string {
  const detailed = raw.event_description?.trim();
  if (detailed) return detailed;
  const brief = raw.status_description?.trim();
  if (brief) return brief;
  return `NZ Post event ${raw.event_edifact_code || '(no code)'}`;
}

const WITHHELD = '(name withheld)';

/** Removes the signer's full name, and each part of it of three letters or more, from `text`. */
function withoutSigner(text: string, name: string | null | undefined): string {
  const full = name?.trim().replace(/\s+/g, ' ');
  if (!full || full.length < 2) return text;
  const parts = [full, ...full.split(' ').filter((part) => part.length >= 3)];
  let scrubbed = text;
  for (const part of parts) {
    const escaped = part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    scrubbed = scrubbed.replace(
      new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'giu'),
      WITHHELD,
    );
  }
  return scrubbed;
}

/**
 * The delivery window NZ Post attaches to an out-for-delivery event, as instants on that event's NZ
 * date; only while that event is the newest (a later scan makes the window history).
 */
function deliveryWindow(newest: ReadEvent): DeliveryEstimate | undefined {
  const day = newest.at.iso.slice(0, 10);
  const from = parseWindowBound(newest.raw.est_delivery_window_start, day);
  let to = parseWindowBound(newest.raw.est_delivery_window_end, day);
  if (from && to && to.utcMs < from.utcMs) {
    to = parseWindowBound(newest.raw.est_delivery_window_end, nextDay(day));
  }
  if (!from && !to) return undefined;
  return { ...(from ? { from: from.iso } : {}), ...(to ? { to: to.iso } : {}) };
}

/** NZ Post's `carrier` field (`CourierPost`, `NZ Post`, `ParcelPost`) as a CarrierId. */
function carrierOf(vendor: string | null | undefined, asked: CarrierId): CarrierId {
  const name = (vendor ?? '').toLowerCase().replace(/[\s_-]+/g, '');
  if (name === 'courierpost') return 'courierpost';
  if (name === 'nzpost' || name === 'newzealandpost' || name === 'parcelpost') return 'nz-post';
  return asked;
}
