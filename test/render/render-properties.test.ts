import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../src/domain/locale.js';
import type { TrackOutcome } from '../../src/domain/outcome.js';
import type { Reply } from '../../src/domain/reply.js';
import { SHIPMENT_STATUSES } from '../../src/domain/shipment.js';
import { offerable } from '../../src/render/buttons.js';
import { createRenderer } from '../../src/render/create-renderer.js';
import { MESSAGE_KEYS } from '../../src/render/renderer.js';
import { carrierId, carrierString, isoTime, outcome, trackingView } from './arbitraries.js';
import { candidate, number, result, view } from './fixtures.js';

const renderer = createRenderer();

const WELL_FORMED = /^(?:[^\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/;

/** What makes a reply more than plain text: unknown span fields, empty text, controls, links that are not https. */
function problems(reply: Reply): string[] {
  const found: string[] = [];
  if (reply.blocks.length === 0) found.push('no blocks');
  for (const block of reply.blocks) {
    if (block.spans.length === 0) found.push(`empty ${block.kind} block`);
    for (const span of block.spans) {
      const shown = JSON.stringify(span);
      if (!Object.keys(span).every((k) => k === 'text' || k === 'style' || k === 'href'))
        found.push(`fields: ${shown}`);
      if (typeof span.text !== 'string' || span.text.length === 0) found.push(`empty: ${shown}`);
      if (!WELL_FORMED.test(span.text)) found.push(`lone surrogate: ${shown}`);
      if (/\p{Cc}/u.test(span.text)) found.push(`control character: ${shown}`);
      if (span.href !== undefined && !span.href.startsWith('https://')) found.push(`link: ${shown}`);
      if (span.href !== undefined && !URL.canParse(span.href)) found.push(`bad URL: ${shown}`);
    }
  }
  for (const button of (reply.buttons ?? []).flat()) {
    if (button.label.length === 0) found.push('empty button label');
    if (!offerable(button.action))
      found.push(`button that cannot be pressed: ${JSON.stringify(button.action)}`);
  }
  return found;
}

const expectPlainReply = (reply: Reply) => expect(problems(reply)).toEqual([]);

describe('rendering any carrier text', () => {
  it('gives plain, non-empty spans and never throws', () => {
    fc.assert(
      fc.property(outcome, trackingView, fc.array(carrierId, { maxLength: 5 }), (out, v, others) => {
        const reply = renderer.tracking(
          result(out, {
            candidates: [candidate('hongkong-post', 'hongkong-post'), ...others.map((c) => candidate(c))],
          }),
          view(v),
        );
        expectPlainReply(reply);
      }),
      { numRuns: 2000 },
    );
  });

  it('passes markup-like carrier text through as plain text, unescaped', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('<b>&amp;</script>', '*bold* `code`', '&lt;&#39;', '{{carrier}}'),
        fc.constantFrom(...LOCALES),
        (description, locale) => {
          const out: TrackOutcome = {
            kind: 'found',
            shipment: {
              number: number('RB000000014HK'),
              carrier: 'hongkong-post',
              adapter: 'hongkong-post',
              status: 'in_transit',
              events: [
                {
                  key: 'k',
                  time: '2024-11-24T06:05:00+00:00',
                  description: { text: description },
                  status: 'in_transit',
                },
              ],
              fetchedAt: '2024-11-24T09:05:00Z',
            },
          };
          const texts = renderer
            .tracking(result(out), view({ locale }))
            .blocks.flatMap((b) => b.spans.map((s) => s.text));
          expect(texts).toContain(description);
        },
      ),
    );
  });

  it('renders lists and messages of any user text', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record(
            {
              number: carrierString,
              carrier: carrierId,
              label: carrierString,
              status: fc.constantFrom(...SHIPMENT_STATUSES),
              lastEvent: fc.record({ text: carrierString, time: isoTime }),
            },
            { requiredKeys: ['number'] },
          ),
          { maxLength: 6 },
        ),
        fc.constantFrom(...MESSAGE_KEYS),
        fc.dictionary(
          fc.constantFrom('number', 'zone', 'command', 'suggestion', 'max', 'count'),
          carrierString,
        ),
        trackingView,
        (items, key, params, v) => {
          expectPlainReply(renderer.subscriptions(items, v));
          expectPlainReply(renderer.message(key, v, params));
          expectPlainReply(renderer.languagePicker(v));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
