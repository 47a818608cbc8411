import type { FormatRule } from '../format-rule.js';

const SOURCE = 'FedEx tracking number formats (https://www.fedex.com/en-us/tracking/tracking-number.html)';

/** FedEx Express numbers carry a mod-11 check digit; Ground numbers a GS1 mod-10 one. */
export const fedexRules: readonly FormatRule[] = [
  {
    id: 'fedex-express-12',
    name: 'FedEx Express 12-digit',
    lengths: [12],
    pattern: /^(?<payload>\d{11})(?<check>\d)$/,
    check: 'fedex-mod11',
    carriers: ['fedex'],
    specificity: 0,
    source: SOURCE,
    examples: { valid: ['123456789012', '700012345670'], invalid: ['123456789013'] },
  },
  {
    id: 'fedex-ground-15',
    name: 'FedEx Ground 15-digit',
    lengths: [15],
    pattern: /^(?<payload>\d{14})(?<check>\d)$/,
    check: 'gs1',
    carriers: ['fedex'],
    specificity: 0,
    source: SOURCE,
    examples: { valid: ['123456789012343'], invalid: ['123456789012344'] },
  },
  {
    id: 'fedex-ground-sscc-18',
    name: 'FedEx Ground SSCC-18',
    lengths: [18],
    pattern: /^(?<payload>\d{17})(?<check>\d)$/,
    check: 'gs1',
    carriers: ['fedex'],
    specificity: 0,
    source: `${SOURCE}; GS1 General Specifications §2.2.1 (SSCC)`,
    examples: { valid: ['001234567890123452'], invalid: ['001234567890123453'] },
  },
  {
    id: 'fedex-ground-96',
    name: 'FedEx Ground 96 barcode (22 digits)',
    lengths: [22],
    // 96 + SCNC (2) + service (3) + shipper (7) + package (7) + check over the last 14.
    pattern: /^96\d{5}(?<payload>\d{14})(?<check>\d)$/,
    check: 'gs1',
    carriers: ['fedex'],
    specificity: 2,
    source: SOURCE,
    examples: { valid: ['9612345123456712345678'], invalid: ['9612345123456712345679'] },
  },
  {
    id: 'fedex-ground-gsn-34',
    name: 'FedEx Ground 96 barcode with shipper number (34 digits)',
    lengths: [34],
    // The FedEx 12-digit tracking number is the last 12 digits.
    pattern: /^96\d{20}(?<payload>\d{11})(?<check>\d)$/,
    check: 'fedex-mod11',
    carriers: ['fedex'],
    specificity: 2,
    source: SOURCE,
    examples: {
      valid: ['9622001560001234567100123456789012'],
      invalid: ['9622001560001234567100123456789013'],
    },
  },
  {
    id: 'fedex-door-tag',
    name: 'FedEx door tag (DT + 12 digits)',
    lengths: [14],
    pattern: /^DT\d{12}$/,
    carriers: ['fedex'],
    specificity: 2,
    source: `${SOURCE}: "door tag numbers begin with DT followed by 12 digits"`,
    examples: { valid: ['DT123456789012'], invalid: ['DT12345678901', 'DX123456789012'] },
  },
  {
    id: 'fedex-ground-economy-61',
    name: 'FedEx Ground Economy (SmartPost) 20-digit',
    lengths: [20],
    // 61 + 17 digits + a GS1 check digit; handed to USPS for the last mile, so USPS tracks it too.
    pattern: /^(?<payload>61\d{17})(?<check>\d)$/,
    check: 'gs1',
    carriers: ['fedex', 'usps'],
    specificity: 2,
    source: `${SOURCE}: FedEx Ground Economy (formerly SmartPost) numbers of 20 or 22 digits`,
    examples: { valid: ['61299995669354567898'], invalid: ['61299995669354567891'] },
  },
  {
    id: 'fedex-ground-economy-92',
    name: 'FedEx Ground Economy (SmartPost) 22-digit USPS barcode',
    lengths: [22],
    // A USPS IMpb (AI 92, Publication 199) printed by FedEx Ground Economy: FedEx tracks it as well as USPS.
    // Less specific than the USPS rule, so USPS comes first unless the text names FedEx.
    pattern: /^(?<payload>92\d{19})(?<check>\d)$/,
    check: 'gs1',
    carriers: ['fedex'],
    specificity: 1,
    source: `${SOURCE}: FedEx Ground Economy (formerly SmartPost) numbers of 20 or 22 digits; USPS Publication 199 §3`,
    examples: { valid: ['9261299991234567890122'], invalid: ['9261299991234567890121'] },
  },
  {
    id: 'fedex-express-34',
    name: 'FedEx Express 34-digit barcode',
    lengths: [34],
    // Form code and routing (15) + destination postcode (5) + 2 + the 12-digit tracking number.
    pattern: /^[0-8]\d{21}(?<payload>\d{11})(?<check>\d)$/,
    check: 'fedex-mod11',
    carriers: ['fedex'],
    specificity: 0,
    source: SOURCE,
    examples: {
      valid: ['1001234567890001000300123456789012'],
      invalid: ['1001234567890001000300123456789013'],
    },
  },
  {
    id: 'fedex-astra-32',
    name: 'FedEx ASTRA barcode (32 digits)',
    lengths: [32],
    // Positions 17–28 hold a FedEx Express 12-digit tracking number.
    pattern: /^3\d{15}(?<payload>\d{11})(?<check>\d)\d{4}$/,
    check: 'fedex-mod11',
    carriers: ['fedex'],
    specificity: 1,
    source: SOURCE,
    examples: { valid: ['30000000000000001234567890122014'], invalid: ['30000000000000001234567890132014'] },
  },
];
