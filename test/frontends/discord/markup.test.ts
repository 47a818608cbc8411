import { describe, expect, it } from 'vitest';
import { type Block, block, type Reply, span } from '../../../src/domain/reply.js';
import { clampText, toChoices, toDiscordMessages } from '../../../src/frontends/discord/markup.js';

const only = (reply: Reply) => {
  const [message, ...rest] = toDiscordMessages(reply);
  expect(rest).toEqual([]);
  if (!message) throw new Error('no message');
  return message;
};
const description = (...blocks: Block[]) => only({ blocks }).embeds[0]?.description;

describe('Discord markup', () => {
  it('turns a heading into the title, linked to the carrier page, and the rest into description lines', () => {
    const heading = block(
      'heading',
      span('Hongkong Post', 'bold'),
      ' ',
      span('RB000000014HK', 'code', 'https://hkp.example/?n=RB000000014HK'),
    );
    const message = only({
      blocks: [
        heading,
        block('line', span('✅ Delivered', 'bold'), ' · ', span('yesterday', 'italic')),
        block('note', 'Posted → Delivered'),
      ],
    });
    expect(message.embeds).toEqual([
      {
        title: 'Hongkong Post RB000000014HK',
        url: 'https://hkp.example/?n=RB000000014HK',
        description: '**✅ Delivered** · *yesterday*\n_Posted → Delivered_',
      },
    ]);
  });

  it('escapes what carriers and users write', () => {
    expect(
      description(block('event', '10:00 · **Sorting** __centre__ ~~x~~ ||y|| `z` <@123> [a](https://x.y)')),
    ).toBe(
      '10:00 · \\*\\*Sorting\\*\\* \\_\\_centre\\_\\_ \\~\\~x\\~\\~ \\|\\|y\\|\\| \\`z\\` \\<@123> \\[a\\](https://x.y)',
    );
    expect(description(block('line', '# Big'), block('line', '> quote'), block('line', '1', '. item'))).toBe(
      '\\# Big\n\\> quote\n1\\. item',
    );
    expect(description(block('line', 'a ', span('x`y', 'code')))).toBe('a x\\`y');
  });

  it('links only to plain http(s) URLs, with parentheses encoded', () => {
    expect(description(block('line', span('page', undefined, 'https://a.example/x_(y)')))).toBe(
      '[page](https://a.example/x_%28y%29)',
    );
    expect(description(block('line', span('page', undefined, 'javascript:alert(1)')))).toBe('page');
    expect(description(block('line', span('page', undefined, 'https://user:pw@a.example/')))).toBe('page');
  });

  it('separates markers that would run together', () => {
    expect(description(block('line', span('a', 'bold'), span('b', 'italic')))).toBe('**a**\u200b*b*');
  });

  it('splits long replies between lines, and puts the buttons under the last message', () => {
    const events = Array.from({ length: 60 }, (_, i) => block('event', `${i} `.padEnd(300, 'x')));
    const button = { label: 'Refresh', action: { kind: 'refresh', number: 'RB000000014HK' } } as const;
    const messages = toDiscordMessages({
      blocks: [block('heading', 'Title'), ...events],
      buttons: [[button]],
    });
    expect(messages.length).toBeGreaterThan(1);
    const lines = messages.flatMap((m) => m.embeds.flatMap((e) => e.description?.split('\n') ?? []));
    expect(lines).toHaveLength(60);
    expect(messages[0]?.embeds[0]?.title).toBe('Title');
    expect(messages.map((m) => m.components.length)).toEqual([...messages.slice(1).map(() => 0), 1]);
  });

  it('cuts a line that alone is too long, at a grapheme, with an ellipsis', () => {
    const line = description(block('line', '👨‍👩‍👧‍👦'.repeat(1000)));
    expect(line?.length).toBeLessThanOrEqual(4096);
    expect(line?.endsWith('👨‍👩‍👧‍👦…')).toBe(true);
  });

  it('packs buttons into at most 5 rows of 5, without repeats or oversized ids', () => {
    const unsubscribe = (n: number) => [
      { label: `#${n}`, action: { kind: 'unsubscribe', number: `RB${n}HK` } } as const,
    ];
    const rows = [...Array.from({ length: 10 }, (_, i) => unsubscribe(i)), unsubscribe(1)];
    const { components } = only({ blocks: [block('line', 'Pick one')], buttons: rows });
    expect(components.map((row) => row.components.length)).toEqual([5, 5]);
    const tooLong = {
      label: 'x',
      action: { kind: 'track_as', number: 'A'.repeat(60), carrier: 'b'.repeat(60) },
    } as const;
    expect(only({ blocks: [block('line', 'x')], buttons: [[tooLong]] }).components).toEqual([]);
  });

  it('fits autocomplete choices and plain labels', () => {
    const choices = Array.from({ length: 30 }, (_, i) => ({
      label: `${'long '.repeat(30)}${i}`,
      value: `V${i}`,
    }));
    const fitted = toChoices([{ label: 'x', value: 'v'.repeat(101) }, ...choices]);
    expect(fitted).toHaveLength(25);
    expect(fitted[0]?.name).toHaveLength(100);
    expect(fitted[0]?.name.endsWith('…')).toBe(true);
    expect(clampText('a\nb\u0000c', 80)).toBe('a b c');
  });
});
