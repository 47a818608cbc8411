import type { LocalizedText, Shipment, TrackingEvent } from '../../domain/shipment.js';
import { days } from '../polling/cadence-table.js';
import { STALL_AFTER, type StallSituation } from './stall-table.js';

/** When a parcel counts as stalled: its last news, and the time after which silence is a stall (epoch ms). */
export interface StallDeadline {
  /** Since when the parcel has had no news: its last event's time, else `quietSince` as given. */
  readonly since: number;
  /** From this instant on, the parcel has been silent longer than is normal for its situation. */
  readonly at: number;
}

/** Customs in the carriers' words (English, both Chinese scripts). */
const CUSTOMS = /customs|海關|海关|清關|清关/i;
/** Customs done with it: released or cleared, the parcel moves on. */
const CUSTOMS_DONE = /released|cleared|clearance completed|放行|清關完成|清关完成/i;
/** On its way back to, or back with, the sender. */
const RETURNED = /return(ed|ing)? to (the )?sender|returned|退回|退件|退還|退还/i;
/** A UPU S10 number (`EA000001006HK`): an international postal item by definition. */
const S10 = /^[A-Z]{2}\d{9}[A-Z]{2}$/;

/**
 * When `shipment` stalls under {@link STALL_AFTER}, or `undefined` when it never does (delivered,
 * expired, returned). `quietSince` stands in for the last event's time when the parcel has none (or
 * none readable): the last time Postie saw news.
 */
export function stallDeadline(shipment: Shipment, quietSince: number): StallDeadline | undefined {
  const last = shipment.events[0];
  const eventTime = last ? Date.parse(last.time) : Number.NaN;
  const since = Number.isFinite(eventTime) ? eventTime : quietSince;
  const rule = STALL_AFTER[stallSituation(shipment)];
  if (rule === 'never') return undefined;
  if (typeof rule === 'number') return { since, at: since + rule };
  if ('pastWindow' in rule) return { since, at: windowEnd(shipment, last, since) + rule.pastWindow };
  return { since, at: since + rule[routeOf(shipment)] };
}

/** Which row of the table a shipment reads: its status, or customs and returns read from its last event. */
export function stallSituation(shipment: Shipment): StallSituation {
  const { status } = shipment;
  if (status === 'delivered' || status === 'expired') return status;
  const words = textsOf(shipment.events[0]);
  if (words.some((w) => RETURNED.test(w))) return 'returned';
  if (words.some((w) => CUSTOMS.test(w)) && !words.some((w) => CUSTOMS_DONE.test(w))) return 'at_customs';
  return status;
}

/**
 * Whether a parcel crosses a border: the origin and destination the carrier names (countries, for every
 * adapter) differ, or it has an origin and a destination leg (TrackingMore's cross-border answers); with
 * neither, an S10 number is international and anything else domestic.
 */
export function routeOf(shipment: Shipment): 'domestic' | 'international' {
  const origin = placeKey(shipment.origin);
  const destination = placeKey(shipment.destination);
  if (origin && destination) return origin === destination ? 'domestic' : 'international';
  const roles = new Set(shipment.legs?.map((leg) => leg.role));
  if (roles.has('origin') && roles.has('destination')) return 'international';
  return S10.test(shipment.number) ? 'international' : 'domestic';
}

/**
 * When the delivery window closes: the end of the carrier's estimate when it gives one, else the end of
 * the local day of the last event (the day the parcel went out), else a day after it.
 */
function windowEnd(shipment: Shipment, last: TrackingEvent | undefined, since: number): number {
  const estimate = shipment.estimatedDelivery;
  const estimated = Date.parse(estimate?.to ?? estimate?.from ?? '');
  if (Number.isFinite(estimated)) return Math.max(estimated, since);
  const day = last && /^(\d{4}-\d{2}-\d{2})T[^Z+-]*(Z|[+-]\d{2}:\d{2})$/.exec(last.time);
  const midnight = day ? Date.parse(`${day[1]}T00:00:00${day[2]}`) : Number.NaN;
  return Number.isFinite(midnight) ? midnight + days(1) : since + days(1);
}

function textsOf(event: TrackingEvent | undefined): string[] {
  if (!event) return [];
  return [event.description.text, ...Object.values(event.description.byLocale ?? {})];
}

function placeKey(place: LocalizedText | undefined): string | undefined {
  const key = place?.text.trim().toLowerCase();
  return key ? key : undefined;
}
