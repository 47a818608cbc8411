import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHECK_DIGITS } from '../../src/detect/check-digits.js';

/** Published numbers whose check characters are known, one or more per algorithm. */
const KNOWN: readonly {
  algorithm: keyof typeof CHECK_DIGITS;
  payload: string;
  check: string;
  source: string;
}[] = [
  { algorithm: 's10', payload: '28704377', check: '5', source: 'UPU S10 example RR 28704377 5 IN' },
  { algorithm: 's10', payload: '47312482', check: '9', source: 'UPU S10 example, remainder 2' },
  {
    algorithm: 's10',
    payload: '00000001',
    check: '4',
    source: 'Hongkong Post RB000000014HK (valid form of its API example)',
  },
  {
    algorithm: 'gs1',
    payload: '0034043383644263659',
    check: '7',
    source: 'DHL Paket SSCC 00340433836442636597',
  },
  {
    algorithm: 'gs1',
    payload: '0039331168000581044',
    check: '4',
    source: 'NZ Post ParcelTrack example 00393311680005810444',
  },
  {
    algorithm: 'iso7064-mod37-36',
    payload: '123AB',
    check: 'X',
    source: 'ISO/IEC 7064 MOD 37,36 test vector',
  },
  {
    algorithm: 'iso7064-mod37-36',
    payload: 'DADPIDA3897722461',
    check: 'J',
    source: 'ISO/IEC 7064 MOD 37,36 test vector',
  },
  {
    algorithm: 'iso7064-mod37-36',
    payload: '09980000020033',
    check: 'F',
    source: 'DPD parcel number 09980000020033F',
  },
  {
    algorithm: 'luhn',
    payload: '7992739871',
    check: '3',
    source: 'Luhn (ISO/IEC 7812-1) textbook example 79927398713',
  },
  {
    algorithm: 'mod7',
    payload: '12345678901',
    check: '3',
    source: 'Yamato 7DR worked example 1234-5678-9013',
  },
  { algorithm: 'mod7', payload: '331881002', check: '5', source: 'DHL Express waybill 3318810025' },
  {
    algorithm: 'identcode',
    payload: '20129845227',
    check: '7',
    source: 'Deutsche Post Identcode 20.129 845.227 7',
  },
  {
    algorithm: 'fedex-mod11',
    payload: '12345678901',
    check: '2',
    source: 'FedEx weights 1,3,7 from the right, mod 11',
  },
  { algorithm: 'ups', payload: '12345E020527168', check: '6', source: 'UPS letters A=2…Z=7, weights 1,2' },
  {
    algorithm: 'gs1-usps-91',
    payload: '7100000000123456789',
    check: '5',
    source: 'USPS 20-digit with implied 91',
  },
];

describe('check-digit algorithms', () => {
  it.each(KNOWN)('$algorithm accepts $payload$check ($source)', ({ algorithm, payload, check }) => {
    expect(CHECK_DIGITS[algorithm](payload, check)).toBe(true);
  });

  it.each(KNOWN)(
    '$algorithm accepts no other check character for $payload',
    ({ algorithm, payload, check }) => {
      const alphabet =
        algorithm === 'iso7064-mod37-36' ? '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ' : '0123456789';
      const accepted = [...alphabet].filter((c) => CHECK_DIGITS[algorithm](payload, c));
      expect(accepted).toEqual([check]);
    },
  );

  it('S10 check digit follows its definition for every serial (UPU S10 §5.3)', () => {
    // The definition, written out: weights 8 6 4 2 3 5 9 7, 11 − (sum mod 11), 10 → 0, 11 → 5.
    const definition = (serial: string): number => {
      const weights = [8, 6, 4, 2, 3, 5, 9, 7];
      const sum = [...serial].reduce((acc, d, i) => acc + Number(d) * (weights[i] ?? 0), 0);
      const c = 11 - (sum % 11);
      return c === 10 ? 0 : c === 11 ? 5 : c;
    };
    fc.assert(
      fc.property(fc.stringMatching(/^\d{8}$/), (serial) => {
        const valid = [...'0123456789'].filter((c) => CHECK_DIGITS.s10(serial, c));
        expect(valid).toEqual([String(definition(serial))]);
      }),
      { numRuns: 2000 },
    );
  });

  it('GS1 mod 10 catches every single-digit error', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{17}$/),
        fc.nat(16),
        fc.integer({ min: 1, max: 9 }),
        (payload, at, delta) => {
          const check = [...'0123456789'].find((c) => CHECK_DIGITS.gs1(payload, c)) as string;
          const changed = payload.slice(0, at) + ((Number(payload[at]) + delta) % 10) + payload.slice(at + 1);
          expect(CHECK_DIGITS.gs1(changed, check)).toBe(false);
        },
      ),
    );
  });
});
