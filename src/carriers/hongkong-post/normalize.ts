import { CarrierError } from '../../domain/carrier-error.js';
import { eventKey } from '../../domain/event-key.js';
import type { Locale } from '../../domain/locale.js';
import type { LocalizedText, Shipment, ShipmentStatus, TrackingEvent } from '../../domain/shipment.js';
import type { TrackingNumber } from '../../domain/tracking-number.js';
import type { Logger } from '../../logger.js';
import { countryTimeZone } from '../../time/country-time-zones.js';
import { type WallTime, zonedIso } from '../../time/zoned-time.js';
import type { DeliveryResult, DeliveryStatusDetail, TrackingLang } from './schema.js';
import { reportUnmapped, statusOfText } from './status.js';
import { ADAPTER_ID } from './status-codes.js';

/** Where an event's time is read when its country has no known zone: Hongkong Post's home. */
const DEFAULT_TIME_ZONE = 'Asia/Hong_Kong';

export interface NormalizeOptions {
  /** The language asked for: its field becomes `text`. */
  readonly lang: TrackingLang;
  /** When Postie asked (ISO 8601, UTC). */
  readonly fetchedAt: string;
  readonly logger: Logger;
}

/** One text in Hongkong Post's three languages (`_e`, `_c`, `_s` fields). */
interface Trilingual {
  readonly e: string;
  readonly c: string;
  readonly s: string;
}

const LOCALE_OF = { e: 'en', c: 'zh-HK', s: 'zh-CN' } as const satisfies Record<keyof Trilingual, Locale>;
const PREFERENCE: Readonly<Record<TrackingLang, readonly (keyof Trilingual)[]>> = {
  A: ['e', 'c', 's'],
  E: ['e', 'c', 's'],
  C: ['c', 's', 'e'],
  S: ['s', 'c', 'e'],
};

/** The asked language's text (another filled one if it is empty), every filled language under its locale. */
function localized(texts: Trilingual, lang: TrackingLang): LocalizedText | undefined {
  const byLocale: Partial<Record<Locale, string>> = {};
  for (const key of ['e', 'c', 's'] as const) {
    const value = texts[key].trim();
    if (value !== '') byLocale[LOCALE_OF[key]] = value;
  }
  const first = PREFERENCE[lang].find((key) => byLocale[LOCALE_OF[key]] !== undefined);
  return first === undefined ? undefined : { text: byLocale[LOCALE_OF[first]] as string, byLocale };
}

const VENDOR_TIME = /^\s*(\d{1,2})-(\d{1,2})-(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$/;

/** `DD-MM-YYYY HH24:MI` as a wall time; `undefined` unless it names a real date and time. */
function parseVendorTime(value: string): WallTime | undefined {
  const m = VENDOR_TIME.exec(value);
  if (!m) return undefined;
  const [day, month, year, hour, minute, second] = m.slice(1).map((part) => Number(part ?? 0));
  const wall = { year, month, day, hour, minute, second } as Required<WallTime>;
  const date = new Date(Date.UTC(wall.year, wall.month - 1, wall.day));
  const realDate =
    date.getUTCFullYear() === wall.year &&
    date.getUTCMonth() === wall.month - 1 &&
    date.getUTCDate() === wall.day;
  return realDate && wall.hour < 24 && wall.minute < 60 && wall.second < 60 ? wall : undefined;
}

function place(code: string, names: Trilingual, lang: TrackingLang): LocalizedText | undefined {
  return localized(names, lang) ?? (code.trim() === '' ? undefined : { text: code.trim() });
}

/** An event before statuses are settled. */
interface ReadEvent {
  readonly event: Omit<TrackingEvent, 'status'>;
  readonly englishText?: string;
}

function readEvent(number: string, detail: DeliveryStatusDetail, lang: TrackingLang): ReadEvent {
  const wall = parseVendorTime(detail.eventDateTime);
  const description = localized({ e: detail.eventMsg_e, c: detail.eventMsg_c, s: detail.eventMsg_s }, lang);
  if (!wall || !description) {
    throw new CarrierError(ADAPTER_ID, 'bad_response', 'an event lacks a readable time or message');
  }
  const timeZone = countryTimeZone(detail.eventLocation_code.trim()) ?? DEFAULT_TIME_ZONE;
  const time = zonedIso(wall, timeZone);
  const location = localized(
    { e: detail.eventLocation_e, c: detail.eventLocation_c, s: detail.eventLocation_s },
    lang,
  );
  // English when Hongkong Post gives it, so the key does not change with the chat's language.
  const key = eventKey({
    carrier: ADAPTER_ID,
    number,
    time,
    location: `${detail.eventLocation_code} ${location?.byLocale?.en ?? location?.text ?? ''}`,
    text: description.byLocale?.en ?? description.text,
  });
  const event = { key, time, timeZone, description, ...(location ? { location } : {}) };
  const englishText = description.byLocale?.en;
  return englishText === undefined ? { event } : { event, englishText };
}

/**
 * One `deliveryResultList` item with status 0 as a Shipment: events newest first (identical repeats
 * dropped), times read in the zone of each event's country. The shipment's status comes from the milestone;
 * each event's from its message. A Chinese-only message the table lacks takes the milestone's status if it
 * is the newest event, else `unknown`. Throws `bad_response` for an event without a readable time or text.
 * No expected delivery: seed 000's `deliveryResultList` item has posting and event times but no estimate.
 */
export function normalizeDeliveryResult(
  number: TrackingNumber,
  item: DeliveryResult,
  options: NormalizeOptions,
): Shipment {
  const { lang, logger } = options;
  const listed = item.itemDeliveryStatusDetailList.map((detail, index) => {
    const read = readEvent(number, detail, lang);
    return { ...read, ms: Date.parse(read.event.time), index };
  });
  // Events at the same minute keep the list's own order, whichever way round Hongkong Post lists them.
  const listedNewestFirst = (listed[0]?.ms ?? 0) > (listed.at(-1)?.ms ?? 0);
  const read = listed
    .sort((a, b) => b.ms - a.ms || (listedNewestFirst ? a.index - b.index : b.index - a.index))
    .filter((r, i, all) => all.findIndex((other) => other.event.key === r.event.key) === i);

  const textStatus = (kind: 'milestone' | 'event', text: string): ShipmentStatus | undefined => {
    const status = statusOfText(text);
    if (status === undefined) reportUnmapped(logger, kind, text);
    return status;
  };
  const milestone = localized({ e: item.milestone_e, c: item.milestone_c, s: item.milestone_s }, lang);
  const milestoneStatus = milestone
    ? (textStatus('milestone', milestone.byLocale?.en ?? milestone.text) ?? 'unknown')
    : undefined;

  const events: TrackingEvent[] = read.map((r, i) => {
    const mapped = textStatus('event', r.englishText ?? r.event.description.text);
    const fallback = r.englishText === undefined && i === 0 ? milestoneStatus : undefined;
    return { ...r.event, status: mapped ?? fallback ?? 'unknown' };
  });

  const origin = place(item.orgCnty_code, { e: item.orgCnty_e, c: item.orgCnty_c, s: item.orgCnty_s }, lang);
  const destination = place(
    item.destCnty_code,
    { e: item.destCnty_e, c: item.destCnty_c, s: item.destCnty_s },
    lang,
  );
  return {
    number,
    carrier: 'hongkong-post',
    adapter: ADAPTER_ID,
    status: milestoneStatus ?? events[0]?.status ?? 'unknown',
    events,
    ...(origin ? { origin } : {}),
    ...(destination ? { destination } : {}),
    fetchedAt: options.fetchedAt,
  };
}
