import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action } from '../../../src/domain/action.js';
import { LOCALES } from '../../../src/domain/locale.js';
import type { Block, Button, Reply, Span } from '../../../src/domain/reply.js';
import { toDiscordMessages } from '../../../src/frontends/discord/markup.js';
import { createRenderer } from '../../../src/render/create-renderer.js';
import { messageProblems } from './discord-rules.js';
import { readLine } from './markdown-reader.js';
import { type NastyShipment, nastyShipment, nastyText, trackResult } from './nasty-text.js';

/**
 * Whatever a reply holds, the Discord payloads stay within every Discord limit (`discord-rules.ts`), every
 * markdown character from the text is escaped, links go only to plain http(s) URLs, and no line is lost:
 * each block reads back as its own text (cut with `…` only when it alone exceeds a limit).
 */
function checkReply(reply: Reply): void {
  const messages = toDiscordMessages(reply);
  for (const [i, message] of messages.entries()) {
    const body = JSON.parse(JSON.stringify(message)) as unknown;
    expect(messageProblems(body, true)).toEqual([]);
    if (i < messages.length - 1) expect(message.components).toEqual([]);
    for (const row of message.components)
      for (const b of row.components) expect(b.custom_id.length).toBeLessThanOrEqual(100);
  }
  const written = messages.flatMap((m) =>
    m.embeds.flatMap((e) => [
      ...(e.title === undefined ? [] : [{ title: true, line: e.title }]),
      ...(e.description ?? '')
        .split('\n')
        .filter(Boolean)
        .map((line) => ({ title: false, line })),
    ]),
  );
  const expected = reply.blocks
    .map((b) => ({ title: b.kind === 'heading', text: visible(b) }))
    .filter((b) => b.text !== '');
  expect(written.map((w) => w.title)).toEqual(expected.map((e) => e.title));
  for (const [i, w] of written.entries()) {
    const read = readLine(w.line, !w.title);
    expect(read.problems, w.line).toEqual([]);
    const want = (expected[i]?.text ?? '').replaceAll('\u200b', '');
    if (read.text !== want) {
      expect(read.text.endsWith('…'), w.line).toBe(true);
      expect(want.startsWith(read.text.slice(0, -1).trimEnd())).toBe(true);
    }
  }
  if (written.length === 0) expect(messages).toEqual([]);
}

/** A block's text as a reader should see it: each span well-formed, one line, trimmed. */
function visible(block: Block): string {
  return block.spans
    .map((s) =>
      s.text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'),
    )
    .join('')
    .replace(/[\p{Cc}\u2028\u2029]/gu, ' ')
    .trim();
}

const href = fc.oneof(
  fc.webUrl(),
  fc.constantFrom(
    'javascript:alert(1)',
    'https://user:secret@example.com/',
    'http://example.com/a_(b)_c?q=[x]',
    `https://example.com/${'a'.repeat(3000)}`,
    'not a url',
    'ftp://example.com/file',
    'https://exa mple.com/',
  ),
);
const span: fc.Arbitrary<Span> = fc
  .record({
    text: nastyText,
    style: fc.constantFrom(undefined, 'bold', 'italic', 'code'),
    href: fc.option(href),
  })
  .map(({ text, style, href: link }) => ({
    text,
    ...(style ? { style } : {}),
    ...(link ? { href: link } : {}),
  }));
const block: fc.Arbitrary<Block> = fc.record({
  kind: fc.constantFrom('heading', 'line', 'event', 'note'),
  spans: fc.array(span, { minLength: 1, maxLength: 5 }),
});
const word = (chars: string, max: number) =>
  fc.string({ unit: fc.constantFrom(...chars), minLength: 1, maxLength: max });
const number = word('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-', 70);
const carrier = word('abcdefghijklmnopqrstuvwxyz0123456789-', 70);
const action: fc.Arbitrary<Action> = fc.oneof(
  fc
    .tuple(fc.constantFrom('refresh', 'show_all', 'subscribe'), number, fc.option(carrier))
    .map(([kind, n, c]): Action => ({ kind, number: n, ...(c ? { carrier: c } : {}) })),
  number.map((n): Action => ({ kind: 'unsubscribe', number: n })),
  fc.tuple(number, carrier).map(([n, c]): Action => ({ kind: 'track_as', number: n, carrier: c })),
  fc.constantFrom(...LOCALES).map((locale): Action => ({ kind: 'language', locale })),
);
const button: fc.Arbitrary<Button> = fc.record({ label: nastyText, action });
const reply: fc.Arbitrary<Reply> = fc.record(
  {
    blocks: fc.array(block, { maxLength: 30 }),
    buttons: fc.array(fc.array(button, { maxLength: 8 }), { maxLength: 8 }),
    private: fc.boolean(),
  },
  { requiredKeys: ['blocks'] },
);

/** Thousands of runs: generous under a loaded CI machine (about 5 s alone). */
const PROPERTY_TIMEOUT = { timeout: 60_000 };

describe('Discord markup (property)', () => {
  it('keeps any reply within every Discord limit, escaped and whole', PROPERTY_TIMEOUT, () => {
    fc.assert(fc.property(reply, checkReply), { numRuns: 2000 });
  });

  it(
    'keeps rendered answers within every limit in every locale, whatever the carrier wrote',
    PROPERTY_TIMEOUT,
    () => {
      const renderer = createRenderer();
      const now = Date.parse('2025-03-01T12:00:00Z');
      fc.assert(
        fc.property(
          nastyShipment,
          fc.constantFrom(...LOCALES),
          fc.boolean(),
          (s: NastyShipment, locale, showAll) => {
            const view = { locale, timeZone: 'Asia/Hong_Kong', now, chatKind: 'private' as const };
            checkReply(renderer.tracking(trackResult(s), { ...view, subscribed: s.subscribed, showAll }));
            checkReply(renderer.message('unknown_command', view, { command: s.label }));
            checkReply(renderer.message('timezone_invalid', view, { zone: s.label }));
            checkReply(renderer.subscriptions([{ number: s.number, label: s.label }], view));
          },
        ),
        { numRuns: 600 },
      );
    },
  );
});
