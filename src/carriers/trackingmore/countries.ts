import { COUNTRY_TIME_ZONES, countryTimeZone } from '../../time/country-time-zones.js';
import { placeTimeZone } from '../../time/place-time-zone.js';

/**
 * TrackingMore v2 names countries in English (`original_country: "China"`, `destination_country:
 * "United States"`), sometimes by ISO code. These helpers find the ISO 3166-1 code behind such a name,
 * by reversing `Intl.DisplayNames` over every country code Postie has a time zone for, plus the
 * spellings Intl does not use.
 */
const ALIASES: Readonly<Record<string, string>> = {
  usa: 'US',
  'united states of america': 'US',
  america: 'US',
  uk: 'GB',
  'great britain': 'GB',
  britain: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  'hong kong': 'HK',
  hongkong: 'HK',
  'hong kong, china': 'HK',
  macau: 'MO',
  macao: 'MO',
  'taiwan, china': 'TW',
  'mainland china': 'CN',
  "people's republic of china": 'CN',
  korea: 'KR',
  'republic of korea': 'KR',
  'korea, republic of': 'KR',
  'russian federation': 'RU',
  'czech republic': 'CZ',
  turkey: 'TR',
  'ivory coast': 'CI',
  burma: 'MM',
  swaziland: 'SZ',
  macedonia: 'MK',
  'viet nam': 'VN',
  holland: 'NL',
  uae: 'AE',
};

/** Lower case, no accents, plain apostrophes, single spaces. */
function tidy(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[’‘`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

let byName: ReadonlyMap<string, string> | undefined;

function names(): ReadonlyMap<string, string> {
  if (byName) return byName;
  const display = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  const map = new Map<string, string>();
  for (const code of Object.keys(COUNTRY_TIME_ZONES)) {
    const name = display.of(code);
    if (!name) continue;
    map.set(tidy(name), code);
    // "Myanmar (Burma)" → "myanmar", "Hong Kong SAR China" → "hong kong sar china" (kept) as well.
    const plain = tidy(name.replace(/\s*\(.*\)\s*/g, ' '));
    if (!map.has(plain)) map.set(plain, code);
  }
  for (const [alias, code] of Object.entries(ALIASES)) map.set(alias, code);
  byName = map;
  return map;
}

/** The ISO 3166-1 alpha-2 code for a country name or code as TrackingMore writes it; undefined if unknown. */
export function countryCode(nameOrCode: string): string | undefined {
  const trimmed = nameOrCode.trim();
  const upper = trimmed.toUpperCase();
  if (/^[A-Z]{2}$/.test(upper) && countryTimeZone(upper) !== undefined) return upper;
  return names().get(tidy(trimmed));
}

/** The representative IANA zone of a country named as TrackingMore names it; undefined if unknown. */
export function countryZone(nameOrCode: string | null | undefined): string | undefined {
  if (!nameOrCode) return undefined;
  const code = countryCode(nameOrCode);
  return code === undefined ? undefined : countryTimeZone(code);
}

/**
 * The zone a checkpoint's wall time is in, from its location when that says more than the leg's country:
 * a country named last (`ZHENGZHOU EMS,CHINA` on the destination leg is China time), and in a country of
 * several zones the state or city (`DES MOINES IA` is Central time, not New York's). `undefined`: the
 * leg's country zone.
 */
export function zoneOfPlace(location: string, legCountry: string | undefined): string | undefined {
  if (location === '') return undefined;
  const named = countryCode(location.split(',').at(-1) ?? '');
  const country = named ?? legCountry;
  if (country === undefined) return undefined;
  return placeTimeZone(country, location) ?? (named === undefined ? undefined : countryTimeZone(named));
}
