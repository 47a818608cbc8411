import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../src/extract/normalize-text.js';

/** The contract, written the slow way: NFKC of each code point, and where each output unit came from. */
function foldSlowly(input: string): { text: string; starts: number[]; ends: number[] } {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < input.length; ) {
    const codePoint = input.codePointAt(i) as number;
    const width = codePoint > 0xffff ? 2 : 1;
    const isLone = width === 1 && codePoint >= 0xd800 && codePoint <= 0xdfff;
    const folded = isLone ? input.charAt(i) : String.fromCodePoint(codePoint).normalize('NFKC');
    for (let k = 0; k < folded.length; k++) {
      starts.push(i);
      ends.push(i + width);
    }
    text += folded;
    i += width;
  }
  return { text, starts, ends };
}

const pieces = fc.constantFrom(
  'RB 000 000 014 HK',
  'ＲＢ０００',
  '\u3000',
  '順豐單號',
  'お問い合わせ番号',
  'ﬁ',
  '㍿',
  '𝐀𝐁',
  '😀',
  '\ud800',
  '\udc00',
  'e\u0301',
  '①',
  '한국',
  '－',
);

describe('normalizeText', () => {
  it('folds each code point to its NFKC form and maps every unit back to the code point it came from', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string({ unit: 'grapheme' })), { maxLength: 12 }), (parts) => {
        const input = parts.join('');
        const expected = foldSlowly(input);
        const normalized = normalizeText(input);
        expect(normalized.text).toBe(expected.text);
        for (let i = 0; i < expected.text.length; i++) {
          const [start, end] = [expected.starts[i] as number, expected.ends[i] as number];
          if (end - start === 1) {
            expect([normalized.originStart(i), normalized.originEnd(i)]).toEqual([start, end]);
          } else {
            // A supplementary code point: each unit maps within it (the pair itself, or one unit of it).
            expect(normalized.originStart(i)).toBeGreaterThanOrEqual(start);
            expect(normalized.originEnd(i)).toBeLessThanOrEqual(end);
            expect(normalized.originEnd(i)).toBeGreaterThan(normalized.originStart(i));
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('gives full-width numbers back as the user wrote them', () => {
    const input = '單號：ＲＢ０００\u3000０００\u3000０１４ＨＫ，㍿ ﬁle 𝐑𝐁';
    const normalized = normalizeText(input);
    const at = normalized.text.indexOf('RB000 000 014HK');
    expect(at).toBeGreaterThan(0);
    const end = at + 'RB000 000 014HK'.length;
    expect(input.slice(normalized.originStart(at), normalized.originEnd(end - 1))).toBe(
      'ＲＢ０００\u3000０００\u3000０１４ＨＫ',
    );
    const bold = normalized.text.indexOf('RB', end);
    expect(input.slice(normalized.originStart(bold), normalized.originEnd(bold + 1))).toBe('𝐑𝐁');
  });

  it('returns text already in NFKC form as it is', () => {
    const input = '順豐單號 SF7444700499701 😀';
    const normalized = normalizeText(input);
    expect(normalized.text).toBe(input);
    expect(normalized.originStart(5)).toBe(5);
  });
});
