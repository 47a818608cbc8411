import type { FormatRule } from '../format-rule.js';

/**
 * Carriers of Greater China, Japan and Oceania. Postal items in S10 form live in `s10.ts`, mainland
 * China's domestic couriers in `china-domestic.ts`.
 */
export const asiaPacificRules: readonly FormatRule[] = [
  {
    id: 'sf-express',
    name: 'SF Express waybill (SF + 13 digits)',
    lengths: [15],
    pattern: /^SF\d{13}$/,
    carriers: ['sf-express'],
    specificity: 2,
    source: 'SF Express open platform, waybillNo String(15); Fuuffy Get Tracking Info examples (seeds/003)',
    examples: {
      valid: ['SF7444700499701', 'SF1234567890123'],
      invalid: ['SF123456789012', 'SX1234567890123'],
    },
  },
  {
    id: 'sf-express-12',
    name: 'SF Express 12-digit waybill',
    lengths: [12],
    pattern: /^\d{12}$/,
    carriers: ['sf-express'],
    specificity: 0,
    source: 'SF Express 12-digit numeric waybills (pre-2020 labels)',
    examples: { valid: ['123456789012'], invalid: ['12345678901'] },
  },
  {
    id: 'nz-post-sscc',
    name: 'NZ Post / CourierPost SSCC label',
    lengths: [20],
    // AI 00 + SSCC-18 with its GS1 check digit.
    pattern: /^(?<payload>00\d{17})(?<check>\d)$/,
    check: 'gs1',
    carriers: ['nz-post', 'courierpost'],
    specificity: 2,
    source:
      'NZ Post ParcelTrack 3.0 examples (seeds/002: 00393311680005810444, 00894210379306766768); GS1 General Specifications §2.2.1',
    examples: {
      valid: ['00393311680005810444', '00894210379306766768', '00942100000000000125'],
      invalid: ['00393311680005810445'],
    },
  },
  {
    id: 'nz-post-domestic-alpha',
    name: 'NZ Post domestic alphanumeric label',
    lengths: [13],
    // S10-shaped in an operator range; NZ Post's own example fails the S10 check digit, so domestic
    // labels are taken without one (the S10 rule still offers them, flagged, when it fails).
    pattern: /^[JKSTW][A-Z]\d{9}NZ$/,
    carriers: ['nz-post', 'courierpost'],
    specificity: 2,
    source: 'NZ Post ParcelTrack 3.0 example tracking_reference JP100000271NZ (seeds/002)',
    examples: { valid: ['JP100000271NZ'], invalid: ['JP100000271AU', 'RB000000014NZ'] },
  },
  {
    id: 'cainiao-lp',
    name: 'Cainiao LP number',
    lengths: [16],
    pattern: /^LP\d{14}$/,
    carriers: ['cainiao'],
    specificity: 2,
    source:
      'Cainiao / AliExpress Standard Shipping logistics numbers "LP" + 14 digits (https://global.cainiao.com/)',
    examples: { valid: ['LP00123456789012'], invalid: ['LP0012345678901'] },
  },
  {
    id: 'yunexpress',
    name: 'YunExpress YT number',
    lengths: [18],
    pattern: /^YT\d{16}$/,
    carriers: ['yunexpress'],
    specificity: 2,
    source: 'YunExpress tracking (https://www.yuntrack.com/)',
    examples: { valid: ['YT2300000000000001'], invalid: ['YT230000000000001'] },
  },

  {
    id: '4px',
    name: '4PX number',
    lengths: [16, 17, 18, 19, 20, 21],
    pattern: /^4PX\d{11,16}CN$/,
    carriers: ['4px'],
    specificity: 5,
    source: '4PX tracking (https://track.4px.com/)',
    examples: { valid: ['4PX3001234567890CN'], invalid: ['4PX3001234567890US'] },
  },
  {
    id: 'yanwen',
    name: 'Yanwen S10-shaped number with YP suffix',
    lengths: [13],
    pattern: /^[A-Z]{2}\d{9}YP$/,
    carriers: ['yanwen'],
    specificity: 2,
    source: 'Yanwen tracking (https://track.yw56.com.cn/); the YP suffix is Yanwen’s own, not a country',
    examples: { valid: ['UG123456789YP'], invalid: ['UG123456789YQ'] },
  },

  {
    id: 'yamato',
    name: 'Yamato Transport 12-digit',
    lengths: [12],
    // The 12th digit is the first 11 read as a number, mod 7 ("7DR").
    pattern: /^(?<payload>\d{11})(?<check>\d)$/,
    check: 'mod7',
    carriers: ['yamato', 'sagawa', 'japan-post'],
    specificity: 0,
    source:
      'Yamato Transport slip numbers, 12 digits with a mod-7 check digit (http://nanoappli.com/blog/archives/369)',
    examples: {
      valid: ['123456789013', '444413758703', '512547514334', '405548424886'],
      invalid: ['123456789014', '123456789018'],
    },
  },
  {
    id: 'japan-post-registered',
    name: 'Japan Post registered / recorded mail (11 digits)',
    lengths: [11],
    pattern: /^(?<payload>\d{10})(?<check>\d)$/,
    check: 'mod7',
    carriers: ['japan-post'],
    specificity: 0,
    source:
      'Japan Post 書留・特定記録 numbers, 11 digits with a mod-7 check digit (https://foodp.hatenadiary.org/entry/20070927/p1)',
    // Check digits computed: 1311238385 mod 7 = 2; 4455667781 mod 7 = 5.
    examples: { valid: ['13112383852', '44556677815'], invalid: ['13112383853', '44556677813'] },
  },
  {
    id: 'australia-post-article',
    name: 'Australia Post eParcel article id (16 characters)',
    lengths: [16],
    // Merchant location id (3, with a letter) + consignment (7) + article (2) + service (2) + last-article flag + check.
    pattern: /^(?=[0-9]{0,2}[A-Z])[0-9A-Z]{3}\d{13}$/,
    carriers: ['australia-post', 'startrack'],
    specificity: 0,
    source:
      'Australia Post eParcel article barcode (https://developers.auspost.com.au/apis/shipping-and-tracking/reference)',
    examples: { valid: ['2JD0206036010001', 'ABC1234567010001'], invalid: ['1234567890123456'] },
  },
  {
    id: 'startrack',
    name: 'StarTrack consignment / article',
    lengths: [12, 20],
    pattern: /^[A-Z]{4}\d{8}(?:[A-Z]{3}\d{5})?$/,
    carriers: ['startrack'],
    specificity: 0,
    source:
      'StarTrack article barcode, consignment (4 letters + 8 digits) + product code + article number (https://developers.auspost.com.au/apis/shipping-and-tracking/reference)',
    examples: { valid: ['LKIZ50000387', 'LKIZ50000387EXP00001'], invalid: ['LKI50000387'] },
  },
  {
    id: 'aramex',
    name: 'Aramex waybill (11 digits)',
    lengths: [11],
    pattern: /^\d{11}$/,
    carriers: ['aramex'],
    specificity: 0,
    source: 'Aramex waybill numbers (https://www.aramex.com/track/shipments)',
    examples: { valid: ['12345678901'], invalid: ['1234567890'] },
  },
];
