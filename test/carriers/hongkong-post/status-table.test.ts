import { describe, expect, it } from 'vitest';
import { SANDBOX_PARCELS, SEED_INVALID } from '../../../src/carriers/hongkong-post/sandbox-parcels.js';
import { canonicalText, STATUS_TEXTS, statusOfText } from '../../../src/carriers/hongkong-post/status.js';
import { CHECK_DIGITS } from '../../../src/detect/check-digits.js';
import type { ShipmentStatus } from '../../../src/domain/shipment.js';
import { fixture, fixtureNames } from './helpers.js';

interface Seen {
  readonly text: string;
  readonly where: string;
}

/** English milestones and event messages, and milestones in every language, of every fixture item. */
function fixtureTexts(): Seen[] {
  const seen: Seen[] = [];
  for (const name of fixtureNames().filter(
    (n) => n.startsWith('mailTracking.') && n !== 'mailTracking.unmapped',
  )) {
    for (const item of JSON.parse(fixture(name)).deliveryResultList ?? []) {
      for (const key of ['milestone_e', 'milestone_c', 'milestone_s'])
        seen.push({ text: item[key] ?? '', where: name });
      for (const event of item.itemDeliveryStatusDetailList ?? [])
        seen.push({ text: event.eventMsg_e, where: name });
    }
  }
  return seen.filter((s) => s.text !== '');
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
  it('maps no text to two statuses', () => {
    const statuses = new Map<string, Set<ShipmentStatus>>();
    for (const entry of STATUS_TEXTS) {
      for (const text of [entry.en, entry.zhHant, entry.zhHans]) {
        if (text === undefined) continue;
        const key = canonicalText(text);
        statuses.set(key, (statuses.get(key) ?? new Set()).add(entry.status));
      }
    }
    const conflicts = [...statuses].filter(([, s]) => s.size > 1).map(([text]) => text);
    expect(conflicts).toEqual([]);
  });

  it('maps every milestone and English message seen in the fixtures and sandbox parcels', () => {
    const unmapped = [...fixtureTexts(), ...sandboxTexts()].filter((s) => statusOfText(s.text) === undefined);
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
