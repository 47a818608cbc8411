import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allCarriers } from '../../../src/carriers/catalogue.js';
import { FORMAT_RULES } from '../../../src/detect/rules/index.js';
import type { Action } from '../../../src/domain/action.js';
import { LOCALES } from '../../../src/domain/locale.js';
import type { Block, Reply, Span } from '../../../src/domain/reply.js';
import { MAX_MESSAGE_LENGTH, toTelegramMessage } from '../../../src/frontends/telegram/markup.js';
import { createRenderer } from '../../../src/render/create-renderer.js';
import { MESSAGE_KEYS } from '../../../src/render/renderer.js';
import { carrierId, carrierString, nasty, outcome, trackingView } from '../../render/arbitraries.js';
import { candidate, result, view } from '../../render/fixtures.js';
import { markupProblems } from './markup-check.js';

const renderer = createRenderer();

/** Hostile text, as carriers and users send it: mostly short, now and then many thousands of characters. */
const shortText = fc.oneof(
  nasty,
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.array(nasty, { maxLength: 6 }).map((parts) => parts.join(' ')),
  fc.constantFrom('&', '<', '>', '"', "'", '&amp;', '&#128512;', '</b>', '<code>', ' ', '\n'),
);
const longText = fc.oneof(
  fc
    .tuple(
      fc.oneof(nasty, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 })),
      fc.integer({ min: 100, max: 1000 }),
    )
    .map(([s, n]) => s.repeat(n)),
  // One word longer than a message, and huge grapheme clusters (a base with thousands of marks, astral ones too).
  fc.integer({ min: 4000, max: 9000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 100, max: 5000 }).map((n) => `e${'\u0301'.repeat(n)}`),
  fc.integer({ min: 100, max: 3000 }).map((n) => `🏴${'\u{E0067}'.repeat(n)}`),
);
const text = fc.oneof({ arbitrary: shortText, weight: 15 }, { arbitrary: longText, weight: 1 });
const href = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.constantFrom(
    'javascript:alert(1)',
    'tg://resolve?domain=x',
    '/relative',
    'http://a.example/?q="<b>&amp;',
    '',
  ),
  fc.string(),
  fc.integer({ min: 100, max: 3000 }).map((n) => `https://a.example/${'p'.repeat(n)}`),
);
const spanArb: fc.Arbitrary<Span> = fc.record(
  { text, style: fc.constantFrom('bold' as const, 'italic' as const, 'code' as const), href },
  { requiredKeys: ['text'] },
);
const blockArb: fc.Arbitrary<Block> = fc.record({
  kind: fc.constantFrom('heading' as const, 'line' as const, 'event' as const, 'note' as const),
  spans: fc.array(spanArb, { maxLength: 6 }),
});
/** What the renderer puts in buttons: numbers of known formats and carriers of the catalogue. */
const numberArb = fc.constantFrom(...FORMAT_RULES.flatMap((rule) => rule.examples.valid));
const carrierArb = fc.constantFrom(...allCarriers().map((c) => c.id));
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('refresh' as const), number: numberArb, carrier: carrierArb }),
  fc.record({ kind: fc.constant('track_as' as const), number: numberArb, carrier: carrierArb }),
  fc.record({ kind: fc.constant('unsubscribe' as const), number: numberArb }),
  fc.record({ kind: fc.constant('language' as const), locale: fc.constantFrom(...LOCALES) }),
);
const replyArb: fc.Arbitrary<Reply> = fc.record(
  {
    blocks: fc.array(blockArb, { maxLength: 30 }),
    buttons: fc.array(fc.array(fc.record({ label: carrierString, action: actionArb }), { maxLength: 4 }), {
      maxLength: 4,
    }),
  },
  { requiredKeys: ['blocks'] },
);

describe('Telegram markup of any reply', () => {
  it('gives valid Telegram HTML chunks within 4096, losing no text, with buttons that fit', () => {
    fc.assert(
      fc.property(replyArb, (reply) => {
        expect(markupProblems(reply, toTelegramMessage(reply), MAX_MESSAGE_LENGTH)).toEqual([]);
      }),
      { numRuns: 1500 },
    );
  });

  it('holds for small chunk sizes too, where nearly every reply is split', () => {
    fc.assert(
      fc.property(replyArb, fc.integer({ min: 64, max: 600 }), (reply, max) => {
        expect(markupProblems(reply, toTelegramMessage(reply, max), max)).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it('holds for every rendered timeline, in every locale', () => {
    fc.assert(
      fc.property(outcome, trackingView, fc.array(carrierId, { maxLength: 5 }), (out, v, others) => {
        const reply = renderer.tracking(
          result(out, {
            candidates: [candidate('hongkong-post', 'hongkong-post'), ...others.map((c) => candidate(c))],
          }),
          view(v),
        );
        expect(markupProblems(reply, toTelegramMessage(reply), MAX_MESSAGE_LENGTH)).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it('holds for every message with any user text in its parameters, in every locale', () => {
    fc.assert(
      fc.property(fc.constantFrom(...MESSAGE_KEYS), trackingView, text, (key, v, param) => {
        const reply = renderer.message(key, view(v), {
          number: param,
          zone: param,
          command: param,
          suggestion: param,
          max: 20,
        });
        expect(markupProblems(reply, toTelegramMessage(reply), MAX_MESSAGE_LENGTH)).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });
});
