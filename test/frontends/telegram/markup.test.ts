import { describe, expect, it } from 'vitest';
import { block, type Reply, span } from '../../../src/domain/reply.js';
import { fitCommandDescription, toTelegramMessage } from '../../../src/frontends/telegram/markup.js';
import { parseTelegramHtml } from './telegram-html.js';

const reply = (...blocks: Reply['blocks']): Reply => ({ blocks });
const textOf = (html: string) => {
  const parsed = parseTelegramHtml(html);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.text;
};

describe('Telegram markup', () => {
  it('escapes carrier text that looks like HTML, so it shows as written', () => {
    const { chunks } = toTelegramMessage(reply(block('line', '<b>&amp;</script> "quoted" & more')));
    expect(chunks).toEqual(['&lt;b&gt;&amp;amp;&lt;/script&gt; "quoted" &amp; more']);
    expect(textOf(chunks[0] ?? '')).toBe('<b>&amp;</script> "quoted" & more');
  });

  it('styles headings bold and notes italic, with links only to http(s) and quotes escaped in them', () => {
    const { chunks } = toTelegramMessage(
      reply(
        block(
          'heading',
          span('Hongkong Post '),
          span('RB000000014HK', undefined, 'https://x.example/?a=1&b="2"'),
        ),
        block('note', span('see '), span('this', undefined, 'javascript:alert(1)')),
      ),
    );
    expect(chunks).toEqual([
      '<b>Hongkong Post </b><a href="https://x.example/?a=1&amp;b=%222%22"><b>RB000000014HK</b></a>\n<i>see this</i>',
    ]);
  });

  it('never nests code in another tag (Telegram refuses it)', () => {
    const { chunks } = toTelegramMessage(reply(block('heading', span('/track', 'code'), span(' numbers'))));
    expect(chunks).toEqual(['<code>/track</code><b> numbers</b>']);
  });

  it('splits a long reply between blocks, keeping each timeline event whole', () => {
    const event = (i: number) => block('event', span(`${i}`.padStart(3, '0'), 'bold'), ` ${'x'.repeat(90)}`);
    const long = reply(block('heading', 'Timeline'), ...Array.from({ length: 100 }, (_, i) => event(i)));
    const { chunks } = toTelegramMessage(long);
    expect(chunks.length).toBe(3);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(4096);
      for (const line of chunk.split('\n').slice(1)) expect(line).toMatch(/^<b>\d{3}<\/b> x{90}$/);
    }
  });

  it('splits a block longer than a message at spaces, closing and reopening its tags', () => {
    const words = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    const { chunks } = toTelegramMessage(
      reply(block('line', span(words, 'bold', 'https://x.example/'))),
      128,
    );
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk).toMatch(/^<a href="https:\/\/x\.example\/"><b>(word\d+ ?)+<\/b><\/a>$/);
      expect(chunk.length).toBeLessThanOrEqual(128);
    }
    expect(chunks.map(textOf).join('')).toBe(words);
    // At 64 that link's tag would take over a quarter of every chunk: the text goes unlinked.
    expect(
      toTelegramMessage(reply(block('line', span(words, 'bold', 'https://x.example/'))), 64).chunks[0],
    ).toMatch(/^<b>word0 /);
  });

  it('never splits a grapheme cluster (flags, families) or an entity', () => {
    const flags = '🇭🇰'.repeat(40);
    const family = '👨‍👩‍👧‍👦'.repeat(10);
    const amps = '&'.repeat(40);
    for (const text of [flags, family, amps]) {
      const { chunks } = toTelegramMessage(reply(block('line', text)), 64);
      expect(chunks.map(textOf).join('')).toBe(text);
      for (const chunk of chunks) {
        const segments = [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(textOf(chunk))];
        expect(segments.every((s) => text.startsWith(s.segment) || s.segment === '&')).toBe(true);
      }
    }
  });

  it('sends nothing for a reply without text, and drops whitespace-only chunks', () => {
    expect(toTelegramMessage(reply()).chunks).toEqual([]);
    expect(toTelegramMessage(reply(block('line', '   '), block('line', '\n'))).chunks).toEqual([]);
  });

  it('drops control characters and mends lone surrogates', () => {
    const { chunks } = toTelegramMessage(reply(block('line', 'a\u0000b\u001b[31mc\uD800d\te')));
    expect(chunks).toEqual(['ab[31mc\uFFFDd\te']);
  });

  it('keeps buttons whose callback_data fits in 64 bytes and drops the others', () => {
    const { keyboard } = toTelegramMessage({
      blocks: [block('line', 'x')],
      buttons: [
        [
          {
            label: '🔄 Refresh',
            action: { kind: 'refresh', number: 'RB000000014HK', carrier: 'hongkong-post' },
          },
          {
            label: 'As a carrier with a long id',
            action: { kind: 'track_as', number: 'A'.repeat(40), carrier: 'c'.repeat(40) },
          },
        ],
        [{ label: '   ', action: { kind: 'language', locale: 'en' } }],
      ],
    });
    expect(keyboard).toEqual({
      inline_keyboard: [[{ text: '🔄 Refresh', callback_data: 'r:RB000000014HK:hongkong-post' }]],
    });
  });

  it('fits menu descriptions on one line of at most 256 characters', () => {
    expect(fitCommandDescription('Track\nparcels  now', 'track')).toBe('Track parcels now');
    expect(fitCommandDescription('', 'track')).toBe('track');
    const long = fitCommandDescription('📦'.repeat(300), 'x');
    expect([...long]).toHaveLength(256);
    expect(long.endsWith('…')).toBe(true);
  });
});
