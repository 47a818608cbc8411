import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDetector } from '../../src/detect/detector.js';
import { FORMAT_RULES } from '../../src/detect/rules/index.js';
import { toTrackingNumber } from '../../src/domain/tracking-number.js';
import { createExtractor } from '../../src/extract/extractor.js';

const detector = createDetector();
const extractor = createExtractor({ matcher: detector.matcher, maxNumbers: Number.POSITIVE_INFINITY });
const numbersIn = (text: string) => extractor.extract(text).numbers.map((n) => n.number);

const NUMBERS = [...new Set(FORMAT_RULES.flatMap((rule) => rule.examples.valid))];

/**
 * A number as people write it: compact, or cut into groups joined by spaces or dashes. A group of five or
 * more letters alone is a word, not part of a number (`chunks.ts`), so no cut makes one.
 */
const writtenNumber = fc
  .record({
    number: fc.constantFrom(...NUMBERS),
    cuts: fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 4 }),
  })
  .map(({ number, cuts }) => {
    const at = [...new Set(cuts.filter((c) => c < number.length))].sort((a, b) => a - b);
    const groups = [0, ...at].map((start, i) => number.slice(start, at[i] ?? number.length));
    return groups;
  })
  .filter((groups) => groups.every((g) => !/^[A-Z]{5,}$/.test(g)))
  .chain((groups) => fc.constantFrom(' ', '-', ' - ').map((joiner) => groups.join(joiner)));

const word = fc.constantFrom(
  'hello',
  'tracking',
  'parcel',
  'order',
  'phone',
  'is',
  'my',
  'and',
  'the',
  'thanks',
  '單號',
  '謝謝',
  '訂單',
  '電話',
  '包裹',
  'お問い合わせ番号',
  '😀',
  'שלום',
  'مرحبا',
  '<b>',
  '</b>',
  '$12.50',
  '2024-01-15',
  '10:30',
  '+852 9123 4567',
  'https://example.com/x?id=123',
  'www.fedex.com/track?n=1',
  '#',
  '@',
  '…',
  '，',
  '、',
);
const gap = fc.constantFrom(' ', '  ', '\t', ', ', '\n', ' \n ', '，');
const message = fc
  .array(fc.tuple(fc.oneof({ arbitrary: writtenNumber, weight: 1 }, { arbitrary: word, weight: 3 }), gap), {
    maxLength: 12,
  })
  .map((parts) => parts.map(([token, sep]) => token + sep).join(''));

describe('extraction properties', () => {
  it('reports only numbers that occur, as written, in the message', () => {
    fc.assert(
      fc.property(message, (text) => {
        for (const found of extractor.extract(text).numbers) {
          expect(text.slice(found.start, found.end)).toBe(found.input);
          expect(toTrackingNumber(found.input)).toBe(found.number);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('finds the same numbers however much horizontal whitespace separates words', () => {
    fc.assert(
      fc.property(message, fc.constantFrom(' ', '  ', '\t', ' \t '), (text, space) => {
        expect(numbersIn(text.replace(/[ \t]+/g, space))).toEqual(numbersIn(text));
      }),
      { numRuns: 500 },
    );
  });

  it('finds the same numbers whatever the letter case', () => {
    fc.assert(
      fc.property(message, (text) => {
        expect(numbersIn(text.toUpperCase())).toEqual(numbersIn(text));
        expect(numbersIn(text.toLowerCase())).toEqual(numbersIn(text));
      }),
      { numRuns: 500 },
    );
  });

  // Shaped like a Chinese mobile number (1[3-9] + 9 digits), or digits grouped like a phone number
  // (`800-275-8777`): those need a tracking word (`credibility.ts`, tested elsewhere).
  const phoneShaped = /^1[3-9]\d{9}$/;
  const phoneGrouped = /^(?:\d[ -]+)?\d{3}[ -]+\d{3}[ -]+\d{4}$/;

  it('finds a number alone on a line however it is written', () => {
    // All digits and joined from pieces, a number alone on a line needs 12+ digits and no failed check
    // digit; with fewer it needs a word naming a tracking number (the next property).
    const isWeakJoinedDigits = (written: string, number: string) =>
      /^\d+$/.test(number) &&
      /\d[ -]+\d/.test(written) &&
      !(number.length >= 12 && detector.matcher.match(number).some((m) => m.check !== 'invalid'));
    fc.assert(
      fc.property(writtenNumber, (written) => {
        const number = toTrackingNumber(written) ?? '';
        fc.pre(!phoneShaped.test(number) && !phoneGrouped.test(written));
        fc.pre(!isWeakJoinedDigits(written, number));
        expect(numbersIn(`\n${written}\n`)).toContain(number);
      }),
      { numRuns: 500 },
    );
  });

  it('finds a number after "tracking number" however it is written', () => {
    const sentence = (text: string) => `my tracking number is ${text} thanks`;
    fc.assert(
      fc.property(writtenNumber, (written) => {
        fc.pre(!phoneGrouped.test(written));
        // A piece that is a number written whole (`ABC 1234567010001`: 13 digits, a China EMS waybill)
        // is read as that number: joining pieces needs stronger evidence than a number written whole.
        const pieces = written.split(/[ -]+/);
        fc.pre(
          pieces.length === 1 ||
            !pieces.some((piece) => (numbersIn(sentence(piece)) as string[]).includes(piece)),
        );
        expect(numbersIn(sentence(written))).toContain(toTrackingNumber(written));
      }),
      { numRuns: 500 },
    );
  });

  it('never reports a number glued to more letters or digits', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NUMBERS),
        fc.stringMatching(/^[0-9A-Z]{1,3}$/),
        fc.boolean(),
        (n, extra, before) => {
          const glued = before ? extra + n : n + extra;
          expect(numbersIn(`see ${glued} now`)).not.toContain(n);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never throws, on any string at all', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const { numbers } = extractor.extract(text);
        for (const found of numbers) expect(found.number).toMatch(/^[0-9A-Z]+$/);
      }),
      { numRuns: 1000 },
    );
  });
});
