import fc from 'fast-check';
import { COMMAND_NAMES } from '../../src/domain/commands.js';

/**
 * What people (and people trying things) type into a chat: any Unicode, control characters, lone
 * surrogates, bidirectional marks, huge messages, long runs of digits or spaces, tracking numbers in
 * odd company, links, mentions, and text that looks like a command with odd arguments.
 */

/** Numbers the carrier sandboxes know, and forms of them people write. */
const NUMBERS = [
  'RB000000014HK',
  'RB 000 000 014 HK',
  'ＲＢ０００００００１４ＨＫ',
  'EA000001006HK',
  'RB000000010HK',
  'SF7444700499701',
  '00393311680005810444',
  'LS912989618CN',
  '1Z12345E0205271686',
];

const piece = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.constantFrom('\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u2028', '\r', '\t', '\n'),
      maxLength: 10,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '\u202e',
      '\u200f',
      '\u200e',
      '\u2067',
      '\u200b',
      '\ufeff',
      '\ud800',
      '\udfff',
      '\ud83d',
      'e\u0301\u0301\u0301',
      '👨‍👩‍👧‍👦',
      'مرحبا',
      '單號',
      '<b>',
      '</code>',
      '&amp;',
      '*_~`|>',
      '@everyone',
      '<@1000000000000000001>',
      '@PostieBot',
      '{{count}}',
      '$t(messages.error)',
      '%s%n',
      '__proto__',
      'constructor',
      'https://www.hongkongpost.hk/tracking?no=RB000000014HK',
      'https://example.com/?a=<script>',
      'tracking',
      'order',
      '$',
      '+852',
    ),
  },
  { weight: 3, arbitrary: fc.constantFrom(...NUMBERS) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom('0', '1', ' ', '9 ', '-', 'A1', '\u3000', 'Ω'),
        fc.integer({ min: 50, max: 50_000 }),
      )
      .map(([unit, times]) => unit.repeat(times)),
  },
);

/** Free text: pieces run together or spaced. */
const freeText = fc
  .tuple(fc.array(piece, { minLength: 1, maxLength: 6 }), fc.constantFrom('', ' ', '\n'))
  .map(([pieces, glue]) => pieces.join(glue));

/** Arguments a command might get: free text, odd zones and languages, `all` in odd forms. */
const argument = fc.oneof(
  freeText,
  fc.constantFrom(
    'all',
    'ALL',
    'ａｌｌ',
    'all all',
    'milestones',
    'zh-HK',
    'ZH-hk',
    'zh',
    'en-US',
    'Asia/Hong_Kong',
    'asia/hong_kong',
    'Etc/GMT+99',
    '../../etc/passwd',
    'UTC\u0000',
    'Mars/Olympus_Mons',
    'America/Argentina/ComodRivadavia',
    `${'A/'.repeat(500)}B`,
    'hongkong-post',
    'constructor',
    '__proto__',
    'tostring',
    'order:3550806',
    'order:',
    '-1',
    '1e309',
  ),
);

/** A command, known or not, with or without `@bot`, with odd arguments. */
const commandText = fc
  .tuple(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...COMMAND_NAMES) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          'START',
          'Track',
          'frobnicate',
          'a'.repeat(33),
          '追蹤',
          'x\u202e',
          '',
          '/',
        ),
      },
    ),
    fc.constantFrom('', '@PostieBot', '@postiebot', '@OtherBot', '@'),
    fc.array(argument, { maxLength: 3 }),
    fc.constantFrom(' ', '  ', '\n', '\t'),
  )
  .map(([name, bot, args, glue]) => [`/${name}${bot}`, ...args].join(glue));

/** One chat message's text. */
export const chatText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: freeText },
  { weight: 3, arbitrary: commandText },
);
