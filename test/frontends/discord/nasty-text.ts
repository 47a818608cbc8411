import fc from 'fast-check';
import type { LocalizedText, ShipmentStatus, TrackingEvent } from '../../../src/domain/shipment.js';
import { SHIPMENT_STATUSES } from '../../../src/domain/shipment.js';
import type { TrackingNumber } from '../../../src/domain/tracking-number.js';
import type { TrackResult } from '../../../src/tracking/tracking-service.js';

/** Pieces of text that have broken chat markup before: markdown, mentions, HTML, emoji, RTL, invisibles. */
const PIECES = [
  '**bold**',
  '__under__',
  '~~strike~~',
  '||spoiler||',
  '`code`',
  '```block```',
  '[click](https://evil.example)',
  '](javascript:alert(1))',
  '<@123456789012345678>',
  '<#1>',
  '<:emoji:1>',
  '<t:0:R>',
  '@everyone',
  '# Heading',
  '-# small',
  '> quote',
  '>>> all',
  '- item',
  '* item',
  '1. item',
  '\\',
  '\\*',
  '*',
  '_',
  '<b>bold</b>',
  '&amp;',
  '<script>alert(1)</script>',
  '👨‍👩‍👧‍👦',
  '🇭🇰',
  '👍🏽',
  'مرحبا بالعالم',
  'שלום',
  '\u202Eevil\u202C',
  '\u2067rtl\u2069',
  '\u200B',
  '\u200D',
  '\uFEFF',
  '\uD800',
  '\uDC00x',
  '\n',
  '\r\n',
  '\t',
  '\u0000',
  '\u2028',
  '香港郵政',
  '簽收人：陳大文',
  '已抵達派遞辦事處。',
  ' ',
  '…',
];

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PIECES) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);

/** Short mixes of the pieces, and now and then a very long run of one (past every Discord limit). */
export const nastyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.array(piece, { maxLength: 8 }).map((parts) => parts.join('')) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(piece, fc.integer({ min: 300, max: 6500 }))
      .map(([p, length]) => (p || 'x').repeat(Math.ceil(length / Math.max(1, p.length)))),
  },
);

const localized: fc.Arbitrary<LocalizedText> = fc
  .record({ text: nastyText, zh: fc.option(nastyText) })
  .map(({ text, zh }) => ({ text, ...(zh ? { byLocale: { 'zh-HK': zh, 'zh-CN': zh } } : {}) }));

const status = fc.constantFrom(...SHIPMENT_STATUSES);

const trackingEvent: fc.Arbitrary<TrackingEvent> = fc
  .record({
    minutes: fc.integer({ min: 0, max: 60 * 24 * 90 }),
    description: localized,
    location: fc.option(localized),
    status,
  })
  .map(({ minutes, description, location, status: s }) => ({
    key: `k${minutes}-${s}`,
    time: new Date(Date.parse('2025-03-01T12:00:00Z') - minutes * 60_000)
      .toISOString()
      .replace('Z', '+00:00'),
    description,
    ...(location ? { location } : {}),
    status: s,
  }));

export interface NastyShipment {
  readonly number: TrackingNumber;
  readonly status: ShipmentStatus;
  readonly events: readonly TrackingEvent[];
  readonly origin?: LocalizedText;
  readonly destination?: LocalizedText;
  readonly service?: string;
  readonly label: string;
  readonly subscribed: boolean;
}

export const nastyShipment: fc.Arbitrary<NastyShipment> = fc
  .record({
    number: fc.constantFrom('RB000000014HK', 'EA000001006HK', '1Z999AA10123456784', 'SF1234567890123'),
    status,
    events: fc.array(trackingEvent, { maxLength: 60 }),
    origin: fc.option(localized),
    destination: fc.option(localized),
    service: fc.option(nastyText),
    label: nastyText,
    subscribed: fc.boolean(),
  })
  .map(({ origin, destination, service, number, events, ...rest }) => ({
    ...rest,
    number: number as TrackingNumber,
    events: [...events].sort((a, b) => Date.parse(b.time) - Date.parse(a.time)),
    ...(origin ? { origin } : {}),
    ...(destination ? { destination } : {}),
    ...(service ? { service } : {}),
  }));

/** A found parcel as the tracking service would hand it to the renderer. */
export function trackResult(s: NastyShipment): TrackResult {
  const { label: _label, subscribed: _subscribed, ...shipment } = s;
  return {
    input: s.number,
    number: s.number,
    carrier: 'hongkong-post',
    adapter: 'hongkong-post',
    outcome: {
      kind: 'found',
      shipment: {
        ...shipment,
        carrier: 'hongkong-post',
        adapter: 'hongkong-post',
        fetchedAt: '2025-03-01T12:00:00Z',
      },
    },
    candidates: [
      { carrier: 'hongkong-post', adapter: 'hongkong-post', check: 'valid', rule: 'upu-s10' },
      { carrier: 'sf-express', adapter: 'fuuffy', check: 'none', rule: 'sf' },
    ],
  };
}
