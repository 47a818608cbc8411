import type { FormatRule } from '../format-rule.js';

const PUB199 =
  'USPS Publication 199, Intelligent Mail Package Barcode (IMpb) Implementation Guide, §3 and Appendix B (https://postalpro.usps.com/pub199)';

/**
 * The IMpb tracking number: channel application identifier (92 = 9-digit Mailer ID, 93 = 6-digit Mailer ID,
 * 94 = online/vendor labels, 95 = USPS retail), service type code (3), Mailer ID, serial, GS1 check digit;
 * 22 or 26 digits in all.
 */
const IMPB = String.raw`(?<payload>(?:92\d{3}9|93\d{3}[0-8]|9[45]\d{4})(?:\d{15}|\d{19}))(?<check>\d)`;

/** The barcode may carry the routing code first: `420` + ZIP (5) or ZIP+4 (9). */
export const uspsRules: readonly FormatRule[] = [
  {
    id: 'usps-impb',
    name: 'USPS Intelligent Mail package barcode',
    lengths: [22, 26],
    pattern: new RegExp(`^${IMPB}$`),
    check: 'gs1',
    carriers: ['usps'],
    specificity: 2,
    source: PUB199,
    examples: {
      valid: [
        '9400100000000000000006',
        '9300123456789012345675',
        '9500110000000000000004',
        '92612999912345678901234564',
      ],
      invalid: ['9400100000000000000007', '9200000000000000000000', '9100100000000000000006'],
    },
  },
  {
    id: 'usps-impb-routed',
    name: 'USPS IMpb with 420 ZIP routing code',
    lengths: [30, 34, 38],
    pattern: new RegExp(`^420(?:\\d{5}|\\d{9})${IMPB}$`),
    check: 'gs1',
    carriers: ['usps'],
    specificity: 5,
    source: PUB199,
    examples: {
      valid: ['420100019400100000000000000006', '42010001123492612999912345678901234564'],
      invalid: ['420100019400100000000000000007', '420000000000000000000000000000'],
    },
  },
  {
    id: 'usps-91-22',
    name: 'USPS Delivery Confirmation with application identifier 91',
    lengths: [22, 30, 34],
    // 91 + service (2) + Mailer ID (9) + serial (8) + check, optionally after a 420 routing code.
    pattern: /^(?:420(?:\d{5}|\d{9}))?(?<payload>91\d{19})(?<check>\d)$/,
    check: 'gs1',
    carriers: ['usps'],
    specificity: 2,
    source: 'USPS Publication 91, Confirmation Services Technical Guide, §3.2',
    examples: {
      valid: ['9101123456789000000013', '420100019101123456789000000013'],
      invalid: ['9101123456789000000015'],
    },
  },
  {
    id: 'usps-20',
    name: 'USPS 20-digit Delivery/Signature Confirmation',
    lengths: [20],
    pattern: /^(?<payload>\d{19})(?<check>\d)$/,
    check: 'gs1',
    carriers: ['usps'],
    specificity: 0,
    source: 'USPS Publication 91, Confirmation Services Technical Guide, §3.2 (printed without AI 91)',
    examples: { valid: ['03010000001234567891'], invalid: ['03010000001234567892'] },
  },
  {
    id: 'usps-20-implied-91',
    name: 'USPS 20-digit number checked with its implied 91',
    lengths: [20],
    pattern: /^(?<payload>\d{19})(?<check>\d)$/,
    check: 'gs1-usps-91',
    carriers: ['usps'],
    specificity: 0,
    source: 'USPS Publication 91, Confirmation Services Technical Guide, §3.2',
    examples: { valid: ['71000000001234567895'], invalid: ['71000000001234567896'] },
  },
];
