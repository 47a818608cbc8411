import type { FormatRule } from '../format-rule.js';

export const upsRules: readonly FormatRule[] = [
  {
    id: 'ups-1z',
    name: 'UPS 1Z tracking number',
    lengths: [18],
    // 1Z + shipper number (6) + service code (2) + package number (7) + check digit.
    pattern: /^1Z(?<payload>[0-9A-Z]{15})(?<check>\d)$/,
    check: 'ups',
    carriers: ['ups'],
    specificity: 2,
    source:
      'UPS tracking number format, "1Z" + 16 characters (https://www.ups.com/us/en/support/tracking-support)',
    examples: {
      valid: ['1Z12345E0205271686', '1ZA1B2C30367890123'],
      invalid: ['1Z12345E0205271687', '2Z12345E0205271686', '1ZA1B2C3036789012X'],
    },
  },
  {
    id: 'ups-waybill',
    name: 'UPS letter-prefixed waybill',
    lengths: [11],
    // A service letter, a 9-digit serial and a check digit over the serial.
    pattern: /^[AHJKTV](?<payload>\d{9})(?<check>\d)$/,
    check: 'ups',
    carriers: ['ups'],
    specificity: 1,
    source: 'UPS Freight and Express waybills ("T" + 10 digits and related letters); check digit as UPS 1Z',
    examples: { valid: ['K1234567895', 'V9876543215'], invalid: ['K1234567896', 'B1234567895'] },
  },
];
