import type { FormatRule } from '../format-rule.js';

const DHL_ID_LABELS = 'DHL tracking ID formats (https://www.dhl.com/global-en/home/tracking/id-labels.html)';

export const dhlRules: readonly FormatRule[] = [
  {
    id: 'dhl-express-waybill',
    name: 'DHL Express waybill',
    lengths: [10, 11],
    // The last digit is the preceding digits mod 7.
    pattern: /^(?<payload>\d{9,10})(?<check>\d)$/,
    check: 'mod7',
    carriers: ['dhl-express'],
    specificity: 0,
    source: DHL_ID_LABELS,
    examples: { valid: ['1234567891', '9876543213', '12345678903'], invalid: ['1234567892', '1234567897'] },
  },
  {
    id: 'dhl-piece-id',
    name: 'DHL licence plate / piece id (JJD, JVGL)',
    lengths: [12, 13, 14, 15, 16, 17],
    pattern: /^(?:JJD|JVGL)\d{9,13}$/,
    carriers: ['dhl-express', 'dhl-paket', 'dhl-parcel-nl'],
    specificity: 3,
    source: DHL_ID_LABELS,
    examples: {
      valid: ['JJD0012345678', 'JVGL0123456789', 'JJD1410302937991'],
      invalid: ['XJD0012345678', 'JJD12345', 'JFV123456789'],
    },
  },
  {
    id: 'dhl-ecommerce-gm',
    name: 'DHL eCommerce GM number',
    lengths: [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24],
    // "GM" and 10 to 22 letters or digits, mostly digits.
    pattern: /^GM(?=(?:[A-Z]*\d){8})[0-9A-Z]{10,22}$/,
    carriers: ['dhl-ecommerce'],
    specificity: 2,
    source: DHL_ID_LABELS,
    examples: {
      valid: ['GM99999999999', 'GM2951173225170000', 'GM1234ABCD5678EFGH90'],
      invalid: ['GMABCDEFGHIJK', 'GS2951173225170000'],
    },
  },
  {
    id: 'dhl-ecommerce-jd01',
    name: 'DHL eCommerce JD01 label (18 or 20 characters)',
    lengths: [18, 20],
    pattern: /^JD01\d{14}(?:\d{2})?$/,
    carriers: ['dhl-ecommerce', 'yodel'],
    specificity: 4,
    source: DHL_ID_LABELS,
    examples: {
      valid: ['JD014600006123456789', 'JD0146000061234567'],
      invalid: ['JD024600006123456789', 'JD01460000612345678'],
    },
  },
  {
    id: 'dhl-ecommerce-14',
    name: 'DHL eCommerce 14-digit',
    lengths: [14],
    pattern: /^\d{14}$/,
    carriers: ['dhl-ecommerce'],
    specificity: 0,
    source: DHL_ID_LABELS,
    examples: { valid: ['60120000000000'], invalid: ['6012000000000', 'A6012000000000'] },
  },
  {
    id: 'dhl-paket-identcode',
    name: 'DHL Paket Identcode',
    lengths: [12],
    // Outgoing centre (2) + customer (3) + delivery number (6) + check digit, weights 4 and 9.
    pattern: /^(?<payload>\d{11})(?<check>\d)$/,
    check: 'identcode',
    carriers: ['dhl-paket'],
    specificity: 0,
    source:
      'Deutsche Post Identcode (https://www.activebarcode.com/codes/identcode); check digit per paketda.de/firmenkunden/paket-pruefziffern.html',
    examples: { valid: ['201298452277', '123456789016'], invalid: ['201298452278'] },
  },
  {
    id: 'dhl-paket-sscc',
    name: 'DHL Paket SSCC (00 + 3404 3…)',
    lengths: [20],
    // AI 00 + extension digit 3 + Deutsche Post DHL's GS1 company prefix 40433/40434.
    pattern: /^(?<payload>0034043[34]\d{11})(?<check>\d)$/,
    check: 'gs1',
    carriers: ['dhl-paket'],
    specificity: 8,
    source:
      'GS1 SSCC with Deutsche Post DHL company prefix (https://www.paketda.de/firmenkunden/paket-pruefziffern.html)',
    examples: { valid: ['00340433836442636597', '00340434123456789012'], invalid: ['00340433836442636598'] },
  },
];
