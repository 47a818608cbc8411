import type { FormatRule } from '../format-rule.js';

/** European parcel carriers. Royal Mail's tracked items are S10 (`…GB`) and live in `s10.ts`. */
export const europeRules: readonly FormatRule[] = [
  {
    id: 'parcelforce',
    name: 'Parcelforce Worldwide UK',
    lengths: [9, 14],
    pattern: /^(?:[A-Z]{2}\d{7}|[A-Z]{4}\d{10})$/,
    carriers: ['parcelforce'],
    specificity: 0,
    source:
      'Parcelforce tracking number formats (https://www.parcelforce.com/help-and-advice/sending-worldwide/tracking-number-formats)',
    examples: { valid: ['PB1234567', 'ABCD1234567890'], invalid: ['P12345678', 'ABC1234567890'] },
  },
  {
    id: 'evri-16',
    name: 'Evri 16-digit barcode number',
    lengths: [16],
    pattern: /^\d{16}$/,
    carriers: ['evri'],
    specificity: 0,
    source:
      'Evri: "your 16-digit tracking number" (https://evri.com/faqs/receiving-a-parcel/how-do-i-track-my-parcel)',
    examples: { valid: ['1234567890123456'], invalid: ['123456789012345'] },
  },
  {
    id: 'yodel',
    name: 'Yodel JD/JJD number',
    lengths: [18, 19],
    pattern: /^J?JD\d{16}$/,
    carriers: ['yodel'],
    specificity: 3,
    source: 'Yodel tracking (https://www.yodel.co.uk/tracking); "JD" or "JJD" + 16 digits',
    examples: {
      valid: ['JJD0001234567890123', 'JD0001234567890123'],
      invalid: ['JC0001234567890123', 'JD000123456789012'],
    },
  },
  {
    id: 'dpd-parcel-number',
    name: 'DPD parcel number with check character',
    lengths: [15],
    // Depot (4) + parcel number (10) + ISO 7064 MOD 37,36 check character.
    pattern: /^(?<payload>\d{14})(?<check>[0-9A-Z])$/,
    check: 'iso7064-mod37-36',
    carriers: ['dpd'],
    specificity: 0,
    source:
      'DPD Parcel Label Specification 2.4.1, §2.2 (https://esolutions.dpd.com/dokumente/DPD_Parcel_Label_Specification_2.4.1_EN.pdf)',
    examples: { valid: ['09980000020033F', '01015026003653C'], invalid: ['09980000020033D'] },
  },
  {
    id: 'dpd-parcel-number-14',
    name: 'DPD parcel number without its check character',
    lengths: [14],
    // Depot (4) + parcel number (10): labels print the check character apart, so people copy 14 digits.
    pattern: /^\d{14}$/,
    carriers: ['dpd'],
    specificity: 0,
    source:
      'DPD Parcel Label Specification 2.4.1, §2.2 (https://esolutions.dpd.com/dokumente/DPD_Parcel_Label_Specification_2.4.1_EN.pdf)',
    examples: { valid: ['09980000020033', '01015026003653'], invalid: ['0998000002003', '09980000020033F'] },
  },
  {
    id: 'dpd-barcode-28',
    name: 'DPD parcel label barcode (28 characters)',
    lengths: [28],
    // Postcode (7) + parcel number (14) + service (3) + ISO 3166 numeric country (3) + check character.
    pattern: /^(?<payload>[0-9A-Z]{7}\d{20})(?<check>[0-9A-Z])$/,
    check: 'iso7064-mod37-36',
    carriers: ['dpd'],
    specificity: 0,
    source:
      'DPD Parcel Label Specification 2.4.1, §2.3 (https://esolutions.dpd.com/dokumente/DPD_Parcel_Label_Specification_2.4.1_EN.pdf)',
    examples: {
      valid: ['008182709980000020033350276C', '000100001230000012345101276I'],
      invalid: ['008182709980000020033350276A'],
    },
  },
  {
    id: 'gls-parcel-number',
    name: 'GLS parcel number',
    lengths: [11, 12],
    // Depot (2) + service (2) + running number, 11 digits or 12 with a check digit whose rule GLS does not publish.
    pattern: /^\d{2}(?:1\d|[2-6]\d|7[124]|85)\d{7,8}$/,
    carriers: ['gls'],
    specificity: 0,
    source: 'GLS parcel label layout (https://www.paketda.de/gls/gls-paketlabel.php)',
    examples: { valid: ['12101234567', '123412345678'], invalid: ['12991234567'] },
  },
  {
    id: 'gls-track-id',
    name: 'GLS track ID (8 characters)',
    lengths: [8],
    // Eight letters and digits, at least one of each (digits alone are a date or an id far more often).
    pattern: /^(?=[0-9A-Z]*\d)(?=[0-9A-Z]*[A-Z])[0-9A-Z]{8}$/,
    carriers: ['gls'],
    specificity: 0,
    source: 'GLS: "the Track ID consists of 8 characters" (https://gls-group.com/GROUP/en/parcel-tracking)',
    examples: { valid: ['ZB5KJ7GN', 'N3XQ82TL'], invalid: ['12345678', 'ABCDEFGH', 'ZB5KJ7G'] },
  },
  {
    id: 'correos-domestic',
    name: 'Correos domestic parcel (PQ, 23 characters)',
    lengths: [23],
    // "PQ" + 21 letters and digits, mostly digits (the customer code, the serial and a check letter).
    pattern: /^PQ(?=(?:[A-Z]*\d){12})[0-9A-Z]{21}$/,
    carriers: ['correos'],
    specificity: 2,
    source:
      'Correos domestic (Paq) shipment codes, 23 characters starting PQ (https://www.correos.es/es/es/herramientas/localizador/envios)',
    examples: {
      valid: ['PQ4F6P0700300440128001A', 'PQ0B1234567890123456789'],
      invalid: ['PQ4F6P0700300440128001', 'PX4F6P0700300440128001A', 'PQABCDEFGHIJKLMNOPQRSTU'],
    },
  },
  {
    id: 'postnl-3s',
    name: 'PostNL / DHL Parcel 3S barcode',
    lengths: [13, 14, 15],
    // "3S" + customer code (3–4 letters) + serial.
    pattern: /^3S[A-Z]{3,4}\d{7,9}$/,
    carriers: ['postnl', 'dhl-parcel-nl'],
    specificity: 2,
    source:
      'PostNL Barcode webservice (https://developer.postnl.nl/browse-apis/send-and-track/barcode-webservice/)',
    examples: {
      valid: ['3SABCD123456789', '3SABCD1234567', '3SBCC000123456'],
      invalid: ['3SAB123456789', '4SABCD123456789'],
    },
  },
];
