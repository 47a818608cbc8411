import { REGION_TIME_ZONES } from './region-time-zones.js';

/**
 * The zone of an event's place in a country that spans several zones, read from the location text a
 * carrier gives (`DES MOINES IA` → America/Chicago, `PERTH WA 6000` → Australia/Perth, `Manaus - AM`
 * → America/Manaus, `KHABAROVSK` → Asia/Vladivostok); `undefined` when the country has one zone, or the
 * text names no region or city the table knows (the caller keeps the country's zone).
 *
 * The text is read in words: the last word, or run of up to three words, that names a region or city of
 * the country wins (a state code usually follows the city: `PORTLAND ME`, not Oregon).
 */
export function placeTimeZone(countryCode: string, location: string): string | undefined {
  const regions = REGION_TIME_ZONES[countryCode.toUpperCase()];
  if (!regions) return undefined;
  const words = location
    .toUpperCase()
    .split(/[^A-Z-]+/)
    .filter((w) => w !== '' && w !== '-');
  for (let end = words.length; end > 0; end--) {
    for (let size = Math.min(3, end); size >= 1; size--) {
      const zone = regions[words.slice(end - size, end).join(' ')];
      if (zone) return zone;
    }
  }
  return undefined;
}
