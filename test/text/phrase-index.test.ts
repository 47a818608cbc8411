import { describe, expect, it } from 'vitest';
import { createPhraseIndex } from '../../src/text/phrase-index.js';

const index = createPhraseIndex([
  { phrase: 'tracking', value: 't' },
  { phrase: 'tracking number', value: 'tn' },
  { phrase: 'order', value: 'o' },
  { phrase: 'j&t', value: 'jt' },
  { phrase: '單號', value: 'dh' },
  { phrase: '訂單號', value: 'odh' },
  { phrase: '$', value: 'dollar' },
]);
const found = (text: string) => index.findAll(text).map((m) => [text.slice(m.start, m.end), m.value]);

describe('phrase index', () => {
  it('matches ASCII phrases case-insensitively as whole words, the longest first', () => {
    expect(found('My TRACKING  Number is')).toEqual([['TRACKING  Number', 'tn']]);
    expect(found('tracking\tnumber')).toEqual([['tracking\tnumber', 'tn']]);
    expect(found('trackings ordered reorder')).toEqual([]);
    expect(found('order-tracking')).toEqual([
      ['order', 'o'],
      ['tracking', 't'],
    ]);
  });

  it('matches phrases with punctuation, CJK phrases and symbols anywhere', () => {
    expect(found('via J&T today')).toEqual([['J&T', 'jt']]);
    expect(found('訂單號123，單號456')).toEqual([
      ['訂單號', 'odh'],
      ['單號', 'dh'],
    ]);
    expect(found('HK$12')).toEqual([['$', 'dollar']]);
  });

  it('does not match across line breaks', () => {
    expect(found('tracking\nnumber')).toEqual([['tracking', 't']]);
  });
});
