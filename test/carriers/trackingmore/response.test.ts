import { describe, expect, it } from 'vitest';
import { countryCode } from '../../../src/carriers/trackingmore/countries.js';
import {
  interpretDetect,
  interpretRealtime,
  type RawAnswer,
  type RealtimeAsk,
} from '../../../src/carriers/trackingmore/response.js';
import type { CarrierErrorCode } from '../../../src/domain/carrier-error.js';
import type { TrackOutcome } from '../../../src/domain/outcome.js';
import type { Shipment } from '../../../src/domain/shipment.js';
import { thrown } from '../../helpers/thrown.js';
import { answer, fixture, request } from './helpers.js';

const ask = (number: string, courierCode: string): RealtimeAsk => ({
  request: request(number, courierCode),
  courierCode,
  fetchedAt: '2026-01-01T00:00:00.000Z',
});
const SEED_ASK = ask('LS912989618CN', 'china-ems');

function found(outcome: TrackOutcome): Shipment {
  if (outcome.kind !== 'found') throw new Error(`expected found, got ${outcome.kind}`);
  return outcome.shipment;
}

describe('reading the seed example (two legs)', () => {
  const shipment = found(interpretRealtime(answer('realtime.seed-two-legs'), SEED_ASK));

  it('keeps the origin leg (china-ems) and the destination leg (usps) with their own events', () => {
    expect(shipment.legs?.map((leg) => [leg.role, leg.carrier, leg.events.length])).toEqual([
      ['origin', 'china-ems', 3],
      ['destination', 'usps', 7],
    ]);
    expect(shipment.events).toHaveLength(10);
    expect(shipment.status).toBe('in_transit');
    expect(shipment.origin).toEqual({ text: 'China' });
    expect(shipment.destination).toEqual({ text: 'United States' });
  });

  it('reads each time where it happened (the leg’s country, or the state, city or country its place names), then merges newest first', () => {
    expect(shipment.events.map((e) => e.time)).toEqual([
      // DES MOINES IA: Central time, not New York's.
      '2018-04-17T22:30:00-05:00',
      // No place: the destination leg's country.
      '2018-04-17T00:00:00-04:00',
      // SAN JOSE CA, ISC SAN FRANCISCO: Pacific time.
      '2018-04-16T20:01:00-07:00',
      '2018-04-14T17:07:00-07:00',
      '2018-04-14T17:07:00+08:00',
      '2018-04-07T16:45:00-04:00',
      '2018-04-07T21:18:37+08:00',
      // ZHENGZHOU EMS,CHINA and CHINA on the destination leg: China time.
      '2018-04-07T17:00:00+08:00',
      '2018-04-07T16:45:00+08:00',
      '2018-04-07T16:45:00+08:00',
    ]);
    expect(shipment.events[4]).toMatchObject({
      timeZone: 'Asia/Shanghai',
      description: { text: '到达处理中心,来自中国 郑州' },
      location: { text: '美国' },
      status: 'in_transit',
      vendorCode: 'transit',
    });
    expect(shipment.events[1]?.location).toBeUndefined();
  });

  it('keeps the legs’ order for scans at the same minute', () => {
    expect(shipment.events.slice(8, 10).map((e) => e.description.text)).toEqual([
      '中国邮政速递物流股份有限公司河南省国际速递分公司五已收件(揽投员姓名:,联系电话:)',
      'Acceptance',
    ]);
  });
});

describe('normalizing realtime items', () => {
  it('lists a scan that both legs report once, and keeps both legs', () => {
    const shipment = found(
      interpretRealtime(answer('realtime.same-scans-both-legs'), ask('1Z999AA10123456784', 'ups')),
    );
    expect(shipment.legs?.map((leg) => leg.events.length)).toEqual([3, 2]);
    expect(shipment.events.map((e) => e.status)).toEqual(['delivered', 'out_for_delivery', 'in_transit']);
    expect(shipment).toMatchObject({ carrier: 'ups', status: 'delivered', service: 'UPS Ground' });
    expect(shipment.events[0]?.time).toBe('2018-06-02T14:05:00-04:00');
  });

  it('reads pickup as available for pickup when the text says collection', () => {
    const shipment = found(
      interpretRealtime(answer('realtime.ready-for-pickup'), ask('CP123456785AU', 'australia-post')),
    );
    expect(shipment.status).toBe('available_for_pickup');
    expect(shipment.events[0]).toMatchObject({
      status: 'available_for_pickup',
      time: '2018-07-03T09:12:00+10:00',
    });
    expect(shipment.legs).toHaveLength(1);
  });

  it('answers not_found for notfound and expired items without events', () => {
    expect(interpretRealtime(answer('realtime.notfound'), ask('LX000000005CN', 'china-post'))).toEqual({
      kind: 'not_found',
      reason: 'no_record',
    });
    expect(interpretRealtime(answer('realtime.expired'), ask('LY123456785CN', 'china-post'))).toEqual({
      kind: 'not_found',
      reason: 'expired',
    });
    expect(interpretRealtime(answer('realtime.does-not-exist'), SEED_ASK)).toEqual({
      kind: 'not_found',
      reason: 'no_record',
    });
  });

  it('reads times in UTC, without a zone, when the country is unknown', () => {
    const body = fixture('realtime.seed-two-legs').replace('"China"', '"Atlantis"');
    const shipment = found(interpretRealtime({ status: 200, headers: {}, body }, SEED_ASK));
    const origin = shipment.legs?.[0]?.events[0];
    expect(origin?.time).toBe('2018-04-14T17:07:00+00:00');
    expect(origin?.timeZone).toBeUndefined();
  });

  it('refuses a checkpoint time that is not a date, and an answer about another number', () => {
    const badDate = fixture('realtime.seed-two-legs').replace('2018-04-07 21:18:37', '2018-02-30 21:18:37');
    expect(thrown(() => interpretRealtime({ status: 200, headers: {}, body: badDate }, SEED_ASK)).code).toBe(
      'bad_response',
    );
    expect(
      thrown(() => interpretRealtime(answer('realtime.seed-two-legs'), ask('RR123456785GB', 'china-ems')))
        .code,
    ).toBe('bad_response');
  });
});

describe('the expected delivery (scheduled_delivery_date)', () => {
  /** The seed's answer with `scheduled_delivery_date` set to `value` (as JSON). */
  const withScheduled = (value: unknown) => {
    const body = fixture('realtime.seed-two-legs').replace(
      '"lastUpdateTime"',
      `"scheduled_delivery_date": ${JSON.stringify(value)}, "lastUpdateTime"`,
    );
    return found(interpretRealtime({ status: 200, headers: {}, body }, SEED_ASK));
  };

  it('keeps a date as the whole day where the parcel is delivered, and a time as that moment', () => {
    expect(withScheduled('2018-04-20').estimatedDelivery).toEqual({
      from: '2018-04-20T00:00:00-04:00',
      to: '2018-04-21T00:00:00-04:00',
    });
    expect(withScheduled('2018-04-20 14:30').estimatedDelivery).toEqual({
      from: '2018-04-20T14:30:00-04:00',
    });
    expect(withScheduled('2018-04-20T14:30:00+08:00').estimatedDelivery).toEqual({
      from: '2018-04-20T14:30:00+08:00',
    });
  });

  it.each([
    ['an impossible date', '2018-02-30'],
    ['text', 'soon'],
    ['an empty string', ''],
    ['a number', 20180420],
    ['an object', { date: '2018-04-20' }],
    ['null', null],
  ])('ignores %s and still reads the parcel', (_what, value) => {
    const shipment = withScheduled(value);
    expect(shipment.estimatedDelivery).toBeUndefined();
    expect(shipment.events).toHaveLength(10);
  });
});

describe('TrackingMore v2 codes', () => {
  it.each([
    ['realtime.invalid-number', 'refused the tracking number'],
    ['realtime.invalid-courier', 'courier code "china-ems"'],
    ['realtime.missing-fields', 'destination country, postal code or ship date'],
  ])('fails only the number for %s', (name, message) => {
    const outcome = interpretRealtime(answer(name), SEED_ASK);
    expect(outcome.kind).toBe('failed');
    expect(outcome.kind === 'failed' && outcome.error.code).toBe('invalid_number');
    expect(outcome.kind === 'failed' && outcome.error.message).toContain(message);
  });

  const wholeCall: [string, RawAnswer, CarrierErrorCode][] = [
    ['4021 quota used up', answer('realtime.quota-exhausted'), 'quota_exhausted'],
    ['4019 balance insufficient', answer('realtime.balance-insufficient'), 'quota_exhausted'],
    ['4020 too many at once', answer('realtime.too-many'), 'rate_limited'],
    ['meta 429', answer('realtime.rate-limited'), 'rate_limited'],
    ['4001 invalid key', answer('realtime.bad-key', 401), 'auth_failed'],
    ['HTTP 401 without a body', { status: 401, headers: {}, body: '' }, 'auth_failed'],
    ['HTTP 503 with HTML', { status: 503, headers: {}, body: '<html>down</html>' }, 'unavailable'],
    ['HTTP 200 with HTML', { status: 200, headers: {}, body: '<html>maintenance</html>' }, 'bad_response'],
    ['an unknown meta code', { status: 200, headers: {}, body: '{"meta":{"code":4999}}' }, 'bad_response'],
    [
      'meta 200 without items',
      { status: 200, headers: {}, body: '{"meta":{"code":200},"data":[]}' },
      'bad_response',
    ],
  ];
  it.each(wholeCall)('fails the whole call on %s', (_what, raw, code) => {
    expect(thrown(() => interpretRealtime(raw, SEED_ASK)).code).toBe(code);
  });

  it('pauses 120 s after a 429, or longer when Retry-After says so', () => {
    const plain = thrown(() => interpretRealtime({ status: 429, headers: {}, body: '' }, SEED_ASK));
    expect(plain).toMatchObject({ code: 'rate_limited', retryAfterMs: 120_000, status: 429 });
    const longer = { status: 429, headers: { 'retry-after': '300' }, body: '' };
    expect(thrown(() => interpretRealtime(longer, SEED_ASK)).retryAfterMs).toBe(300_000);
    const absurd = { status: 429, headers: { 'retry-after': '1000000000' }, body: '' };
    expect(thrown(() => interpretRealtime(absurd, SEED_ASK)).retryAfterMs).toBe(15 * 60_000);
  });

  it('reads detection candidates best first, and 4032 as no candidates', () => {
    expect(interpretDetect(answer('detect.found'))).toEqual({
      kind: 'codes',
      codes: ['china-post', 'china-ems'],
    });
    expect(interpretDetect(answer('detect.undetectable'))).toEqual({ kind: 'codes', codes: [] });
    expect(thrown(() => interpretDetect(answer('realtime.quota-exhausted'))).code).toBe('quota_exhausted');
  });
});

describe('country names as TrackingMore writes them', () => {
  it.each([
    ['China', 'CN'],
    ['United States', 'US'],
    ['USA', 'US'],
    ['United Kingdom', 'GB'],
    ['UK', 'GB'],
    ['Hong Kong', 'HK'],
    ['Hong Kong SAR China', 'HK'],
    ['Türkiye', 'TR'],
    ['Turkey', 'TR'],
    ["Côte d'Ivoire", 'CI'],
    ['Myanmar', 'MM'],
    ['cn', 'CN'],
  ])('reads %s as %s', (name, code) => {
    expect(countryCode(name)).toBe(code);
  });

  it('knows no code for a made-up country', () => {
    expect(countryCode('Atlantis')).toBeUndefined();
    expect(countryCode('EU')).toBeUndefined();
  });
});
