import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placeName } from '../../src/render/place-names.js';

describe('placeName', () => {
  it.each([
    ['HONG KONG', 'Hong Kong'],
    ['KOWLOON BAY MAIL CENTRE', 'Kowloon Bay Mail Centre'],
    ['RIO DE JANEIRO', 'Rio de Janeiro'],
    ['HONG KONG SAR', 'Hong Kong SAR'],
    ['AUCKLAND ISC', 'Auckland ISC'],
    ['LONDON, UK', 'London, UK'],
    ['Hong Kong', 'Hong Kong'],
    ['McAllen TX', 'McAllen TX'],
    ['UK', 'UK'],
    ['香港', '香港'],
  ])('writes %s as %s', (raw, shown) => {
    expect(placeName(raw)).toBe(shown);
  });

  it('changes only the case of letters, and naming a name again changes nothing', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.stringMatching(/^[A-ZÀ-Þ ,.'-]{1,30}$/)),
        (raw) => {
          const shown = placeName(raw);
          expect(shown.toLowerCase()).toBe(raw.toLowerCase());
          expect(placeName(shown)).toBe(shown);
        },
      ),
    );
  });
});
