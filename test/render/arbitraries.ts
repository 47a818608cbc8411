import fc from 'fast-check';
import { CARRIER_ERROR_CODES, CarrierError } from '../../src/domain/carrier-error.js';
import { LOCALES } from '../../src/domain/locale.js';
import type { TrackOutcome } from '../../src/domain/outcome.js';
import { type LocalizedText, SHIPMENT_STATUSES, type TrackingEvent } from '../../src/domain/shipment.js';
import { formatWithOffset } from '../../src/time/zoned-time.js';
import { number } from './fixtures.js';

/** Generators of carrier data for the rendering properties: hostile text, odd times, any outcome. */

/** Text carriers have been seen to send, and text meant to break renderers. */
export const nasty = fc.constantFrom(
  '<b>&amp;</script>',
  '<a href="javascript:alert(1)">x</a>',
  '*bold* _it_ `code` [link](http://x) ||spoiler||',
  'שלום עולם',
  'مرحبا بالعالم',
  '\u202Egnp.exe',
  '\u2067abc',
  '\u200B',
  '\u200B\u200D\uFEFF\u2060',
  '',
  '   ',
  '👨‍👩‍👧‍👦📦🚚🇭🇰',
  '{{carrier}} $t(buttons.refresh)',
  'line\nbreak\r\nand\ttab',
  '\u0000\u0007\u001b[31m',
  '\uD800',
  'e\u0301\u0301\u0301',
  '簽收人：陳大文',
);
export const carrierString = fc.oneof(
  nasty,
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.array(nasty, { maxLength: 6 }).map((parts) => parts.join(' ')),
  fc
    .tuple(
      fc.oneof(nasty, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 5 })),
      fc.integer({ min: 50, max: 800 }),
    )
    .map(([s, n]) => s.repeat(n)),
);
const localized: fc.Arbitrary<LocalizedText> = fc.record(
  {
    text: carrierString,
    byLocale: fc.record(
      { en: carrierString, 'zh-HK': carrierString, 'zh-CN': carrierString },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['text'] },
);
const zone = fc.constantFrom(
  'Asia/Hong_Kong',
  'Europe/London',
  'Pacific/Auckland',
  'America/St_Johns',
  'UTC',
  'Not/AZone',
  '',
);
export const isoTime = fc.oneof(
  fc
    .tuple(
      fc.date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }),
      fc.integer({ min: -48, max: 56 }),
    )
    .map(([date, quarters]) => formatWithOffset(date.getTime(), quarters * 15)),
  carrierString,
);
const event: fc.Arbitrary<TrackingEvent> = fc.record(
  {
    key: fc.string(),
    time: isoTime,
    timeZone: zone,
    location: localized,
    description: localized,
    status: fc.constantFrom(...SHIPMENT_STATUSES),
  },
  { requiredKeys: ['key', 'time', 'description', 'status'] },
);
export const carrierId = fc.oneof(
  fc.constantFrom('hongkong-post', 'ups', 'sf-express', 'evri', 'unknown'),
  carrierString,
);
export const outcome: fc.Arbitrary<TrackOutcome> = fc.oneof(
  fc.record({
    kind: fc.constant('found' as const),
    shipment: fc.record(
      {
        number: fc.constant(number('RB000000014HK')),
        carrier: carrierId,
        adapter: fc.constantFrom('hongkong-post', 'trackingmore'),
        status: fc.constantFrom(...SHIPMENT_STATUSES),
        events: fc.array(event, { maxLength: 12 }),
        origin: localized,
        destination: localized,
        service: carrierString,
        estimatedDelivery: fc.record({ from: isoTime, to: isoTime }, { requiredKeys: [] }),
        legs: fc.array(
          fc.record({
            role: fc.constantFrom('origin', 'destination'),
            carrier: carrierId,
            events: fc.constant([]),
          }),
          { maxLength: 2 },
        ),
        fetchedAt: fc.constant('2024-11-24T09:05:00Z'),
      },
      { requiredKeys: ['number', 'carrier', 'adapter', 'status', 'events', 'fetchedAt'] },
    ),
  }),
  fc.record({
    kind: fc.constant('not_found' as const),
    reason: fc.constantFrom('no_record', 'expired', 'not_allowed'),
  }),
  fc
    .tuple(fc.constantFrom(...CARRIER_ERROR_CODES), carrierString, fc.option(fc.double()))
    .map(([code, message, retryAfterMs]) => ({
      kind: 'failed' as const,
      error: new CarrierError('x', code, message, retryAfterMs === null ? {} : { retryAfterMs }),
    })),
);
export const trackingView = fc.record({
  locale: fc.constantFrom(...LOCALES),
  timeZone: zone,
  now: fc.integer({ min: Date.parse('2000-01-01'), max: Date.parse('2040-01-01') }),
  chatKind: fc.constantFrom('private' as const, 'group' as const),
  subscribed: fc.boolean(),
  showAll: fc.boolean(),
});
