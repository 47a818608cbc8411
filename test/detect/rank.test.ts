import { describe, expect, it } from 'vitest';
import { createDetector } from '../../src/detect/detector.js';
import { NO_HINTS, readHints, type TextHints } from '../../src/detect/text-hints.js';

const detector = createDetector();
const carriersOf = (number: string, hints: TextHints = NO_HINTS) =>
  detector.candidates(detector.matcher.match(number), hints).map((c) => `${c.carrier}:${c.check}`);

describe('ranking candidates', () => {
  it('maps an S10 suffix to the issuing postal operator', () => {
    expect(carriersOf('RB000000014HK')).toEqual(['hongkong-post:valid']);
    expect(carriersOf('CP000032119NZ')).toEqual(['nz-post:valid']);
    expect(carriersOf('RR287043775IN')).toEqual(['india-post:valid']);
    expect(carriersOf('LX246813576US')).toEqual(['usps:valid']);
  });

  it('puts China EMS first for E-prefixed Chinese items', () => {
    expect(carriersOf('EE987654326CN')).toEqual(['china-ems:valid', 'china-post:valid']);
    expect(carriersOf('LS912989618CN')).toEqual(['china-post:valid']);
  });

  it('offers a failed check digit, flagged', () => {
    expect(carriersOf('RB000000010HK')).toEqual(['hongkong-post:invalid']);
  });

  it('ranks a holding check digit above a pattern-only match and failed checks last', () => {
    // 123456789012: FedEx's mod 11 holds; SF Express's 12-digit form has no check digit; Yamato's mod 7 fails.
    const ranked = carriersOf('123456789012');
    expect(ranked[0]).toBe('fedex:valid');
    expect(ranked.indexOf('sf-express:none')).toBeLessThan(ranked.indexOf('yamato:invalid'));
    expect(ranked.at(-1)?.endsWith(':invalid')).toBe(true);
  });

  it('puts the regional carrier first when the text hints at its region', () => {
    // A Yamato number (mod 7 holds) that is also a valid Purolator PIN is Japanese in Japanese text.
    const number = '123456789013';
    expect(carriersOf(number, readHints('お問い合わせ番号')).slice(0, 3)).toEqual([
      'yamato:valid',
      'sagawa:valid',
      'japan-post:valid',
    ]);
  });

  it('lets a carrier named in the text overtake a check digit that merely happens to hold', () => {
    expect(carriersOf('123456789012', readHints('順豐單號 123456789012'))[0]).toBe('sf-express:none');
    expect(carriersOf('123456789012', readHints('FedEx 123456789012'))[0]).toBe('fedex:valid');
  });

  it.each([
    ['佐川急便 123456789013', 'sagawa'],
    ['ヤマト運輸の伝票 123456789013', 'yamato'],
    ['日本郵便 123456789013', 'japan-post'],
    ['ゆうパック 123456789013', 'japan-post'],
    ['DPD 09980000020033', 'dpd'],
    ['顺丰 123456789012', 'sf-express'],
    ['中通 73100000000001', 'zto-express'],
    ['FedEx 9261299991234567890122', 'fedex'],
    ['FedEx Ground Economy 61299995669354567898', 'fedex'],
  ])('follows the carrier named beside the number: %s → %s', (text, carrier) => {
    const number = text.split(' ').at(-1) as string;
    expect(carriersOf(number, readHints(text))[0]).toBe(
      `${carrier}:${detector.matcher.match(number).find((m) => m.carriers.includes(carrier))?.check}`,
    );
  });

  it.each([
    // 12 digits: FedEx's check holds, but in Chinese an SF waybill is far more common; in Japanese, Yamato's.
    ['运单号 123456789012', '123456789012', 'sf-express'],
    ['お問い合わせ番号 123456789013', '123456789013', 'yamato'],
    // 11 digits whose mod-7 check holds: a DHL waybill in English, Japan Post registered mail in Japanese.
    ['tracking 44556677815', '44556677815', 'dhl-express'],
    ['書留の番号 44556677815', '44556677815', 'japan-post'],
    // 14 digits: DHL eCommerce by default, DPD in a German message, ZTO in a Chinese one.
    ['tracking 73100000000001', '73100000000001', 'dhl-ecommerce'],
    ['Ihr Paket 73100000000001', '73100000000001', 'dpd'],
    ['快递单号 73100000000001', '73100000000001', 'zto-express'],
  ])(
    "orders by what is common in the message's language when no carrier is named: %s",
    (text, number, carrier) => {
      expect(carriersOf(number, readHints(text))[0]?.split(':')[0]).toBe(carrier);
    },
  );

  it('puts EMS first for 1… domestic waybills and China Post first for 9… parcels', () => {
    expect(carriersOf('1123456789012', readHints('快递单号 1123456789012')).slice(0, 2)).toEqual([
      'china-ems:none',
      'china-post:none',
    ]);
    expect(carriersOf('9812345678901', readHints('快递单号 9812345678901')).slice(0, 2)).toEqual([
      'china-post:none',
      'china-ems:none',
    ]);
  });

  it('offers FedEx Ground Economy 92… barcodes as USPS first and FedEx second', () => {
    expect(carriersOf('9261299991234567890122').slice(0, 2)).toEqual(['usps:valid', 'fedex:valid']);
    expect(carriersOf('61299995669354567898').slice(0, 2)).toEqual(['fedex:valid', 'usps:valid']);
  });

  it('treats NZ Post SSCC labels as NZ Post, with USPS (whose check they also satisfy) after it', () => {
    const ranked = carriersOf('00393311680005810444');
    expect(ranked[0]).toBe('nz-post:valid');
    expect(ranked).toContain('usps:valid');
    expect(carriersOf('00393311680005810444', readHints('shipped from the USA'))[0]).toBe('usps:valid');
  });

  it('ranks the more specific format first among holding check digits', () => {
    // 34 digits starting 420 + ZIP: a routed USPS IMpb; the same digits also pass FedEx's 34-digit check.
    expect(carriersOf('42010001123492612999912345678901234564')[0]).toBe('usps:valid');
  });

  it('routes the Chinese domestic couriers through TrackingMore with their courier codes', () => {
    const codeOf = (number: string) => detector.candidates(detector.matcher.match(number), NO_HINTS)[0];
    expect(codeOf('JDV013104061328')).toMatchObject({ carrier: 'jd-logistics', courierCode: 'jd' });
    expect(codeOf('DPK210123456789')).toMatchObject({ carrier: 'deppon', courierCode: 'deppon' });
    expect(codeOf('YT1234567890123')).toMatchObject({ carrier: 'yto-express', courierCode: 'yto' });
    expect(codeOf('JT1234567890123')).toMatchObject({ carrier: 'jt-express', courierCode: 'jt-express' });
  });

  it('names the adapter and TrackingMore courier code for each candidate', () => {
    const [sf] = detector.candidates(detector.matcher.match('SF7444700499701'), NO_HINTS);
    expect(sf).toMatchObject({ carrier: 'sf-express', adapter: 'fuuffy', check: 'none' });
    const [ups] = detector.candidates(detector.matcher.match('1Z12345E0205271686'), NO_HINTS);
    expect(ups).toMatchObject({
      carrier: 'ups',
      adapter: 'trackingmore',
      courierCode: 'ups',
      check: 'valid',
    });
  });

  it('never takes a repeated digit for a number', () => {
    expect(detector.matcher.match('000000000000')).toEqual([]);
    expect(detector.matcher.match('111111111111111')).toEqual([]);
  });
});

describe('text hints', () => {
  it('reads regions from place names and scripts', () => {
    expect([...readHints('寄去香港').regions]).toEqual(expect.arrayContaining(['zh', 'HK']));
    expect([...readHints('Posted in Auckland, NZ').regions]).toContain('NZ');
    expect([...readHints('荷物のお問い合わせ').regions]).toContain('ja');
    expect(readHints('RB000000014HK').regions.has('HK')).toBe(false);
  });

  it('reads carrier names as whole words', () => {
    expect([...readHints('sent with SF today').mentions]).toContain('sf-express');
    expect(readHints('SF7444700499701').mentions.has('sf-express')).toBe(false);
    expect([...readHints('順丰快递').mentions]).not.toContain('sf-express');
    expect([...readHints('顺丰快递').mentions]).toContain('sf-express');
  });
});

describe('did you mean', () => {
  it('corrects a failed check digit when every format that fits says it fails', () => {
    expect(detector.suggestCorrection('RB000000010HK')).toBe('RB000000014HK');
    expect(detector.suggestCorrection('1Z12345E0205271687')).toBe('1Z12345E0205271686');
  });

  it('suggests nothing when the number is fine or some format accepts it', () => {
    expect(detector.suggestCorrection('RB000000014HK')).toBeUndefined();
    // 12 digits: SF Express's format has no check digit, so nothing is "wrong".
    expect(detector.suggestCorrection('123456789013')).toBeUndefined();
    expect(detector.suggestCorrection('HELLO')).toBeUndefined();
  });
});
