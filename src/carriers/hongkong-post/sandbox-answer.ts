import { countryTimeZone } from '../../time/country-time-zones.js';
import { offsetMinutesAt } from '../../time/zoned-time.js';
import { stepsSoFar } from '../sandbox-kit/timeline.js';
import { COUNTRY_NAMES, type ParcelStep, type ScriptedParcel, type Texts } from './sandbox-parcels.js';
import type { TrackingLang } from './schema.js';

/** How the sandbox writes a tracked parcel's `deliveryResultList` item, as seed 000 documents it. */

export const HONG_KONG_ZONE = 'Asia/Hong_Kong';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as local wall time in `timeZone`, read through UTC getters. */
function local(ms: number, timeZone: string): Date {
  return new Date(ms + offsetMinutesAt(timeZone, ms) * 60_000);
}

/** `DD-MM-YYYY HH24:MI` in `timeZone`. */
function vendorTime(ms: number, timeZone: string): string {
  const d = local(ms, timeZone);
  const date = `${pad(d.getUTCDate())}-${pad(d.getUTCMonth() + 1)}-${d.getUTCFullYear()}`;
  return `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** `19-Dec-2013`, as Hongkong Post writes dates inside messages. */
function messageDate(ms: number, timeZone: string): string {
  const d = local(ms, timeZone);
  return `${d.getUTCDate()}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()}`;
}

/** The three `_e/_c/_s` fields, only the asked language filled (all three for `A`). */
function fields(prefix: string, texts: Texts, lang: TrackingLang): Record<string, string> {
  return {
    [`${prefix}_e`]: lang === 'A' || lang === 'E' ? texts.e : '',
    [`${prefix}_c`]: lang === 'A' || lang === 'C' ? texts.c : '',
    [`${prefix}_s`]: lang === 'A' || lang === 'S' ? texts.s : '',
  };
}

const countryNames = (code: string): Texts => COUNTRY_NAMES[code] ?? { e: code, c: code, s: code };

/** The item as Hongkong Post would answer it at `now`; `undefined` before its first step (no record yet). */
export function trackedItem(
  parcel: Extract<ScriptedParcel, { kind: 'tracked' }>,
  lang: TrackingLang,
  startedAt: number,
  now: number,
): Record<string, unknown> | undefined {
  const visible = stepsSoFar<ParcelStep>(
    parcel.steps.map((s) => ({ afterMs: s.afterMs, event: s })),
    startedAt,
    now,
  );
  const first = visible[0];
  const last = visible.at(-1);
  if (!first || !last) return undefined;
  const events = visible.map((s) => {
    const at = startedAt + s.afterMs;
    const zone = countryTimeZone(s.country) ?? HONG_KONG_ZONE;
    const date = messageDate(at, zone);
    const message = { e: s.message.e, c: s.message.c, s: s.message.s };
    for (const key of ['e', 'c', 's'] as const) message[key] = message[key].replace('{date}', date);
    return {
      eventDateTime: vendorTime(at, zone),
      eventLocation_code: s.country,
      ...fields('eventLocation', countryNames(s.country), lang),
      ...fields('eventMsg', message, lang),
    };
  });
  return {
    itemNo: parcel.itemNo,
    status: 0,
    errMsg: '',
    postingDateTime: vendorTime(startedAt + first.afterMs, HONG_KONG_ZONE),
    ...fields('dropOffPoint', parcel.dropOffPoint, lang),
    orgCnty_code: parcel.origin,
    ...fields('orgCnty', countryNames(parcel.origin), lang),
    destCnty_code: parcel.destination,
    ...fields('destCnty', countryNames(parcel.destination), lang),
    ...fields('milestone', last.milestone, lang),
    // Newest first, as Hongkong Post's tracking pages list them.
    itemDeliveryStatusDetailList: events.reverse(),
  };
}
