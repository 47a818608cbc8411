import { describe, expect, it } from 'vitest';
import { SANDBOX_PARCELS, SEED_INVALID } from '../../../src/carriers/hongkong-post/sandbox-parcels.js';
import { STATUS_TEXTS, statusOfText } from '../../../src/carriers/hongkong-post/status.js';
import { CHECK_DIGITS } from '../../../src/detect/check-digits.js';

interface Seen {
  readonly text: string;
  readonly where: string;
}

/** The sandbox parcels' English messages and their milestones in all three languages. */
function sandboxTexts(): Seen[] {
  return SANDBOX_PARCELS.flatMap((parcel) =>
    parcel.kind === 'tracked'
      ? parcel.steps.flatMap((step) => [
          { text: step.message.e, where: parcel.itemNo },
          ...[step.milestone.e, step.milestone.c, step.milestone.s].map((text) => ({
            text,
            where: parcel.itemNo,
          })),
        ])
      : [],
  );
}

describe('the Hongkong Post status text table', () => {
  // One status per text and every fixture text mapped: test/carriers/registry.test.ts, for every adapter.
  it('maps every milestone and English message of the sandbox parcels', () => {
    const unmapped = sandboxTexts().filter((s) => statusOfText(s.text) === undefined);
    expect(unmapped).toEqual([]);
  });

  it('is covered by the sandbox: some parcel reaches every status of the table', () => {
    const reached = new Set(sandboxTexts().map((s) => statusOfText(s.text)));
    const inTable = new Set(STATUS_TEXTS.map((e) => e.status));
    expect([...inTable].filter((status) => !reached.has(status))).toEqual([]);
  });

  it.each([
    ['Delivered.', 'delivered'],
    ['  DELIVERED  ', 'delivered'],
    ['The item left Hong Kong for its destination on  19-Dec-2013 ', 'in_transit'],
    ['The item ( RE113184005HK ) left Hong Kong for its destination on  10-Oct-2015 ', 'in_transit'],
    ['The item (RT215770195HK) left Hong Kong for its destination on 6-Jul-2014', 'in_transit'],
    ['成功派遞', 'delivered'],
    ['已成功派递', 'delivered'],
    ['Item seized by a dragon', undefined],
  ])('reads %j as %s', (text, status) => {
    expect(statusOfText(text)).toBe(status);
  });
});

describe('the sandbox parcel numbers', () => {
  it('carry valid S10 check digits, except the seed example that must fail', () => {
    const invalid = SANDBOX_PARCELS.map((p) => p.itemNo).filter(
      (n) => !CHECK_DIGITS.s10(n.slice(2, 10), n.charAt(10)),
    );
    expect(invalid).toEqual([]);
    expect(CHECK_DIGITS.s10(SEED_INVALID.slice(2, 10), SEED_INVALID.charAt(10))).toBe(false);
  });
});
