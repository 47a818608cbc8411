import { formatWithOffset, offsetMinutesAt } from '../../time/zoned-time.js';
import { DAY_MS, type TimelineStep } from '../sandbox-kit/timeline.js';
import { countryCode, countryZone, zoneOfPlace } from './countries.js';
import type { SandboxCheckpoint, SandboxParcel } from './sandbox-parcels.js';

/** How the sandbox writes one realtime item, in the shape of seed 004's example. */
export interface ItemView {
  readonly startedAt: number;
  readonly now: number;
  /** The request's `lang`: `cn` picks the Chinese texts. */
  readonly lang: string | undefined;
}

interface DatedCheckpoint {
  readonly at: number;
  readonly checkpoint: SandboxCheckpoint;
}

/** The realtime item for a scripted parcel as of `view.now`. */
export function sandboxItem(parcel: SandboxParcel, view: ItemView): Record<string, unknown> {
  const origin = visible(parcel.origin, view);
  const destination = visible(parcel.destination?.steps ?? [], view);
  const newest = [...origin, ...destination].sort((a, b) => b.at - a.at)[0];
  const originZone = countryZone(parcel.originCountry) ?? 'UTC';
  const destinationZone = countryZone(parcel.destinationCountry) ?? 'UTC';
  const newestZone =
    (newest && zoneOfPlace(pick(newest.checkpoint.details, { ...view, lang: 'en' }), undefined)) ??
    (newest && destination.includes(newest) ? destinationZone : originZone);
  const lastText = newest ? [pick(newest.checkpoint.text, view), pick(newest.checkpoint.details, view)] : [];
  const lastDate = newest ? wallTime(newest.at, newestZone, 'minutes') : null;
  return {
    id: `sandbox-${parcel.number.toLowerCase()}`,
    tracking_number: parcel.number,
    carrier_code: parcel.courier,
    order_create_time: null,
    status: newest?.checkpoint.status ?? parcel.statusWithoutEvents ?? 'notfound',
    original_country: parcel.originCountry,
    destination_country: parcel.destinationCountry,
    itemTimeLength: null,
    stayTimeLength: null,
    service_code: null,
    origin_info: leg(
      parcel.courier,
      origin,
      { zone: originZone, country: parcel.originCountry },
      'seconds',
      view,
    ),
    destination_info: leg(
      parcel.destination?.courier ?? null,
      destination,
      { zone: destinationZone, country: parcel.destinationCountry },
      'minutes',
      view,
    ),
    lastEvent: newest ? [...lastText.filter(Boolean), lastDate].join(',') : null,
    lastUpdateTime: lastDate,
    ...scheduledDelivery(parcel, destinationZone, view),
  };
}

/** `scheduled_delivery_date` as of `view.now`: the newest visible estimate's day in `zone`, if any. */
function scheduledDelivery(parcel: SandboxParcel, zone: string, view: ItemView): Record<string, string> {
  const days = (parcel.scheduled ?? []).filter((s) => view.startedAt + s.afterMs <= view.now).at(-1)?.event;
  if (days === undefined) return {};
  const day = view.startedAt + days * DAY_MS;
  return { scheduled_delivery_date: formatWithOffset(day, offsetMinutesAt(zone, day)).slice(0, 10) };
}

/** The item TrackingMore sends for a number it has no record of. */
export function unknownItem(number: string, courier: string): Record<string, unknown> {
  return {
    id: `sandbox-${number.toLowerCase()}`,
    tracking_number: number,
    carrier_code: courier,
    status: 'notfound',
    original_country: '',
    destination_country: '',
    service_code: null,
    origin_info: { carrier_code: courier, weblink: null, phone: null, trackinfo: [] },
    destination_info: [],
    lastEvent: null,
    lastUpdateTime: null,
  };
}

/** The steps (scripted oldest first) visible at `view.now` by the sandbox-kit timeline rule, newest first. */
function visible(steps: readonly TimelineStep<SandboxCheckpoint>[], view: ItemView): DatedCheckpoint[] {
  return steps
    .map((s) => ({ at: view.startedAt + s.afterMs, checkpoint: s.event }))
    .filter(({ at }) => at <= view.now)
    .reverse();
}

function leg(
  courier: string | null,
  checkpoints: readonly DatedCheckpoint[],
  place: { readonly zone: string; readonly country: string },
  precision: 'seconds' | 'minutes',
  view: ItemView,
): Record<string, unknown> {
  return {
    ItemReceived: null,
    ItemDispatched: null,
    DepartfromAirport: null,
    ArrivalfromAbroad: null,
    CustomsClearance: null,
    DestinationArrived: null,
    weblink: courier === null ? null : `https://sandbox.invalid/${courier}`,
    phone: null,
    carrier_code: courier,
    // Each checkpoint in the local time of its place, as TrackingMore writes them.
    trackinfo: checkpoints.map(({ at, checkpoint }) => ({
      Date: wallTime(
        at,
        zoneOfPlace(pick(checkpoint.details, { ...view, lang: 'en' }), countryCode(place.country)) ??
          place.zone,
        precision,
      ),
      StatusDescription: pick(checkpoint.text, view),
      Details: pick(checkpoint.details, view),
      checkpoint_status: checkpoint.status,
    })),
  };
}

function pick(text: SandboxCheckpoint['text'] | undefined, view: ItemView): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  return view.lang === 'cn' ? text.cn : text.en;
}

/** `2018-04-14 17:07:00` (or without seconds): the instant as local wall time in `zone`, no offset. */
function wallTime(at: number, zone: string, precision: 'seconds' | 'minutes'): string {
  const iso = formatWithOffset(at, offsetMinutesAt(zone, at)).replace('T', ' ');
  return iso.slice(0, precision === 'seconds' ? 19 : 16);
}
