import { describe, expect, it } from 'vitest';
import { placeTimeZone } from '../../src/time/place-time-zone.js';

describe('placeTimeZone', () => {
  it.each([
    ['US', 'DES MOINES IA NETWORK DISTRIBUTION CENTER', 'America/Chicago'],
    ['US', 'LOUISVILLE, KY, US', 'America/Kentucky/Louisville'],
    ['US', 'SAN JOSE CA DISTRIBUTION CENTER', 'America/Los_Angeles'],
    ['US', 'ISC SAN FRANCISCO (USPS)', 'America/Los_Angeles'],
    ['US', 'Phoenix, AZ 85001', 'America/Phoenix'],
    ['US', 'PORTLAND ME', 'America/New_York'],
    ['CA', 'VANCOUVER BC', 'America/Vancouver'],
    ['CA', 'Calgary, AB T2P', 'America/Edmonton'],
    ['AU', 'PERTH WA 6000', 'Australia/Perth'],
    ['AU', 'ADELAIDE SA', 'Australia/Adelaide'],
    ['BR', 'MANAUS - AM', 'America/Manaus'],
    ['MX', 'TIJUANA, BAJA CALIFORNIA', 'America/Tijuana'],
    ['MX', 'CANCUN QROO', 'America/Cancun'],
    ['RU', 'KHABAROVSK SORTING CENTER', 'Asia/Vladivostok'],
    ['RU', 'Novosibirsk', 'Asia/Novosibirsk'],
  ])('%s %s → %s', (country, location, zone) => {
    expect(placeTimeZone(country, location)).toBe(zone);
  });

  it('answers nothing for a country of one zone, or a place it does not know', () => {
    expect(placeTimeZone('GB', 'LONDON')).toBeUndefined();
    expect(placeTimeZone('US', 'NETWORK DISTRIBUTION CENTER')).toBeUndefined();
    expect(placeTimeZone('US', '')).toBeUndefined();
  });
});
