import type { CarrierId } from '../../domain/carrier.js';
import { eventKey } from '../../domain/event-key.js';
import type { TrackOutcome } from '../../domain/outcome.js';
import type { Leg, LocalizedText, Shipment, TrackingEvent } from '../../domain/shipment.js';
import type { Logger } from '../../logger.js';
import type { TrackRequest } from '../adapter.js';
import { countryCode, countryZone, zoneOfPlace } from './countries.js';
import { courierCodeOf, TRACKINGMORE_COURIER_CODES } from './courier-codes.js';
import { scheduledDelivery } from './estimate.js';
import type { LegInfo, RealtimeItem } from './schema.js';
import { trackingmoreStatus } from './status.js';
import { eventTime } from './vendor-time.js';

export interface NormalizeContext {
  readonly request: TrackRequest;
  /** When Postie asked (ISO 8601, UTC). */
  readonly fetchedAt: string;
  readonly logger?: Logger;
}

/**
 * One realtime item → an outcome. Both legs are kept (origin: the item's carrier, in the zone of
 * `original_country`; destination: the leg's own carrier, in the zone of `destination_country`), and the
 * shipment's events are both legs merged, newest first, an event seen on both legs listed once.
 * `notfound` / `expired` with no events are `not_found` outcomes.
 */
export function normalizeItem(item: RealtimeItem, context: NormalizeContext): TrackOutcome {
  const { request } = context;
  const carrier = carrierFor(item.carrier_code, request);
  const legContext = { ...context, keyCarrier: carrier };
  const legs = [
    legOf(
      { role: 'origin', info: item.origin_info, courier: item.carrier_code, country: item.original_country },
      legContext,
    ),
    legOf(
      {
        role: 'destination',
        info: item.destination_info,
        courier: item.destination_info?.carrier_code?.trim() || item.carrier_code,
        country: item.destination_country,
      },
      legContext,
    ),
  ].filter((leg): leg is Leg => leg !== undefined);

  const events = mergeNewestFirst(legs.map((leg) => leg.events));
  const code = item.status?.trim().toLowerCase() ?? '';
  if (events.length === 0 && code === 'notfound') return { kind: 'not_found', reason: 'no_record' };
  if (events.length === 0 && code === 'expired') return { kind: 'not_found', reason: 'expired' };

  const newest = events[0];
  const status =
    code === ''
      ? (newest?.status ?? 'unknown')
      : trackingmoreStatus(code, newest?.description.text ?? item.lastEvent ?? '', context.logger);
  const originText = countryText(item.original_country);
  const destinationText = countryText(item.destination_country);
  const estimate = scheduledDelivery(item.scheduled_delivery_date, countryZone(item.destination_country));
  const shipment: Shipment = {
    number: request.number,
    carrier,
    adapter: 'trackingmore',
    status,
    events,
    ...(originText ? { origin: originText } : {}),
    ...(destinationText ? { destination: destinationText } : {}),
    ...(item.service_code?.trim() ? { service: item.service_code.trim() } : {}),
    ...(estimate ? { estimatedDelivery: estimate } : {}),
    ...(legs.length > 0 ? { legs } : {}),
    fetchedAt: context.fetchedAt,
  };
  return { kind: 'found', shipment };
}

interface LegSource {
  readonly role: Leg['role'];
  readonly info: LegInfo | null | undefined;
  /** The leg's courier code. */
  readonly courier: string;
  /** The country whose zone the leg's wall times are read in. */
  readonly country: string | null | undefined;
}

function legOf(
  { role, info, courier, country }: LegSource,
  context: NormalizeContext & { readonly keyCarrier: CarrierId },
): Leg | undefined {
  const checkpoints = info?.trackinfo ?? [];
  const timeZone = countryZone(country);
  const code = country ? countryCode(country) : undefined;
  const events: TrackingEvent[] = [];
  for (const checkpoint of checkpoints) {
    const location = checkpoint.Details?.trim() ?? '';
    const description = checkpoint.StatusDescription?.trim() || location;
    if (description === '') continue;
    const vendorCode = checkpoint.checkpoint_status?.trim().toLowerCase() || undefined;
    const { time, timeZone: zone } = eventTime(checkpoint.Date, zoneOfPlace(location, code) ?? timeZone);
    const shownLocation = location !== '' && location !== description ? location : undefined;
    events.push({
      // The shipment's carrier, not the leg's: the same scan reported on both legs has one key.
      key: eventKey({
        carrier: context.keyCarrier,
        number: context.request.number,
        time,
        vendorCode,
        location: shownLocation,
        text: description,
      }),
      time,
      ...(zone === undefined ? {} : { timeZone: zone }),
      ...(shownLocation === undefined ? {} : { location: { text: shownLocation } }),
      description: { text: description },
      status:
        vendorCode === undefined ? 'unknown' : trackingmoreStatus(vendorCode, description, context.logger),
      ...(vendorCode === undefined ? {} : { vendorCode }),
    });
  }
  if (events.length === 0) return undefined;
  return { role, carrier: carrierFor(courier, context.request), events: mergeNewestFirst([events]) };
}

/** Newest first; an event key seen before (on an earlier leg) is dropped. Ties keep the vendor's order. */
function mergeNewestFirst(lists: readonly (readonly TrackingEvent[])[]): TrackingEvent[] {
  const seen = new Set<string>();
  const merged: TrackingEvent[] = [];
  for (const event of lists.flat()) {
    if (seen.has(event.key)) continue;
    seen.add(event.key);
    merged.push(event);
  }
  return merged
    .map((event, index) => ({ event, index, at: Date.parse(event.time) }))
    .sort((a, b) => b.at - a.at || a.index - b.index)
    .map(({ event }) => event);
}

let carrierByCode: ReadonlyMap<string, CarrierId> | undefined;

/**
 * Postie's carrier id for a TrackingMore courier code: the asked carrier when its code matches, else the
 * first carrier with that code, else the vendor's code itself (TrackingMore serves more than we name).
 */
function carrierFor(code: string, request?: TrackRequest): CarrierId {
  if (request && (request.courierCode ?? courierCodeOf(request.carrier)) === code) {
    return request.carrier;
  }
  if (!carrierByCode) {
    const map = new Map<string, CarrierId>();
    for (const [carrier, courier] of Object.entries(TRACKINGMORE_COURIER_CODES)) {
      if (!map.has(courier)) map.set(courier, carrier);
    }
    carrierByCode = map;
  }
  return carrierByCode.get(code) ?? code;
}

function countryText(name: string | null | undefined): LocalizedText | undefined {
  const trimmed = name?.trim();
  return trimmed ? { text: trimmed } : undefined;
}
