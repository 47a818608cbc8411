import { describe, expect, it } from 'vitest';
import { interpretMailTracking } from '../../../src/carriers/hongkong-post/response.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { ask, fixture, NOW, ok, shipmentOf, thrown } from './helpers.js';

describe('reading Hongkong Post tracking answers', () => {
  it("reads the seed's example: a Hong Kong event at 01-03-2017 11:00 is 11:00 +08:00", () => {
    const outcomes = interpretMailTracking(ok(fixture('mailTracking.delivered')), ask(['RB000000014HK']));
    const shipment = shipmentOf(outcomes.get('RB000000014HK'));
    expect(shipment).toMatchObject({
      status: 'delivered',
      adapter: 'hongkong-post',
      carrier: 'hongkong-post',
    });
    expect(shipment.fetchedAt).toBe(new Date(NOW).toISOString());
    expect(shipment.origin).toEqual({
      text: 'HONG KONG',
      byLocale: { en: 'HONG KONG', 'zh-HK': '香港', 'zh-CN': '香港' },
    });
    const [delivered, posted] = shipment.events;
    expect(delivered).toMatchObject({
      time: '2017-03-01T11:00:00+08:00',
      timeZone: 'Asia/Hong_Kong',
      status: 'delivered',
      description: {
        text: 'Delivered',
        byLocale: { en: 'Delivered', 'zh-HK': '成功派遞', 'zh-CN': '成功派递' },
      },
      location: { text: 'HONG KONG' },
    });
    expect(posted).toMatchObject({ time: '2017-02-27T16:00:00+08:00', status: 'in_transit' });
  });

  it('puts the asked language first when the answer carries all three', () => {
    const outcomes = interpretMailTracking(
      ok(fixture('mailTracking.delivered')),
      ask(['RB000000014HK'], 'C'),
    );
    const shipment = shipmentOf(outcomes.get('RB000000014HK'));
    expect(shipment.events[0]?.description.text).toBe('成功派遞');
    expect(shipment.origin?.text).toBe('香港');
  });

  it('reads events abroad in that country’s zone, daylight saving included', () => {
    const outcomes = interpretMailTracking(ok(fixture('mailTracking.ems-to-uk')), ask(['EA000001006HK']));
    const shipment = shipmentOf(outcomes.get('EA000001006HK'));
    expect(shipment.events.map((e) => [e.time, e.status])).toEqual([
      ['2026-07-05T10:30:00+01:00', 'delivered'],
      ['2026-07-04T08:15:00+01:00', 'in_transit'],
      ['2026-07-03T22:40:00+01:00', 'in_transit'],
      ['2026-07-03T02:10:00+08:00', 'in_transit'],
      ['2026-07-02T18:00:00+08:00', 'in_transit'],
      ['2026-07-02T15:20:00+08:00', 'in_transit'],
    ]);
    expect(shipment.events[0]?.timeZone).toBe('Europe/London');
    expect(shipment.destination).toEqual({ text: 'UNITED KINGDOM', byLocale: { en: 'UNITED KINGDOM' } });
  });

  it('sorts events newest first whichever way they are listed', () => {
    const body = JSON.parse(fixture('mailTracking.ems-to-uk'));
    body.deliveryResultList[0].itemDeliveryStatusDetailList.reverse();
    const shipment = shipmentOf(
      interpretMailTracking(ok(JSON.stringify(body)), ask(['EA000001006HK'])).get('EA000001006HK'),
    );
    expect(shipment.events[0]?.time).toBe('2026-07-05T10:30:00+01:00');
  });

  it('answers every per-item code for its own number', () => {
    const asked = [
      'RB000000014HK',
      'RB000000010HK',
      'RC000004002HK',
      'RD000005008HK',
      'RE000006003HK',
      'RF000000000HK',
    ];
    const outcomes = interpretMailTracking(ok(fixture('mailTracking.item-codes')), ask(asked));
    expect(outcomes.get('RB000000014HK')?.kind).toBe('found');
    const invalid = outcomes.get('RB000000010HK');
    expect(invalid?.kind === 'failed' && invalid.error.code).toBe('invalid_number');
    expect(outcomes.get('RC000004002HK')).toEqual({ kind: 'not_found', reason: 'expired' });
    expect(outcomes.get('RD000005008HK')).toEqual({ kind: 'not_found', reason: 'not_allowed' });
    expect(outcomes.get('RE000006003HK')).toEqual({ kind: 'not_found', reason: 'no_record' });
    const leftOut = outcomes.get('RF000000000HK');
    expect(leftOut?.kind === 'failed' && leftOut.error.code).toBe('bad_response');
  });

  it('gives the newest event of a Chinese answer the milestone status when its text is not in the table', () => {
    const outcomes = interpretMailTracking(ok(fixture('mailTracking.chinese')), ask(['EA000001006HK'], 'C'));
    const shipment = shipmentOf(outcomes.get('EA000001006HK'));
    expect(shipment.status).toBe('in_transit');
    expect(shipment.events.map((e) => e.status)).toEqual(['in_transit', 'unknown', 'unknown']);
    expect(shipment.events[0]?.description).toEqual({
      text: '郵件已於3-Jul-2026離開香港前往目的地',
      byLocale: { 'zh-HK': '郵件已於3-Jul-2026離開香港前往目的地' },
    });
  });

  it('shows an unmapped text as unknown and logs it once per process', () => {
    const { logger, lines } = captureLogger();
    for (let i = 0; i < 2; i++) {
      const outcomes = interpretMailTracking(
        ok(fixture('mailTracking.unmapped')),
        ask(['RB000000014HK'], 'E', logger),
      );
      const shipment = shipmentOf(outcomes.get('RB000000014HK'));
      expect(shipment.status).toBe('unknown');
      expect(shipment.events.map((e) => e.status)).toEqual(['unknown', 'in_transit']);
    }
    const text = 'Item held for inspection';
    expect(lines.filter((line) => JSON.stringify(line).includes(text))).toEqual([
      expect.objectContaining({ level: 40, kind: 'milestone', text }),
      expect.objectContaining({ level: 40, kind: 'event', text }),
    ]);
  });

  it('fails only the number whose event time is not a real date', () => {
    const body = JSON.parse(fixture('mailTracking.item-codes'));
    body.deliveryResultList[0].itemDeliveryStatusDetailList[0].eventDateTime = '31-02-2017 11:00';
    const outcomes = interpretMailTracking(ok(JSON.stringify(body)), ask(['RB000000014HK', 'RC000004002HK']));
    const broken = outcomes.get('RB000000014HK');
    expect(broken?.kind === 'failed' && broken.error.code).toBe('bad_response');
    expect(outcomes.get('RC000004002HK')?.kind).toBe('not_found');
  });

  it('drops an event sent twice, so every key is unique', () => {
    const body = JSON.parse(fixture('mailTracking.delivered'));
    const list = body.deliveryResultList[0].itemDeliveryStatusDetailList;
    list.push({ ...list[0] });
    const shipment = shipmentOf(
      interpretMailTracking(ok(JSON.stringify(body)), ask(['RB000000014HK'])).get('RB000000014HK'),
    );
    expect(shipment.events).toHaveLength(2);
  });

  it.each([
    ['a 503 with a JSON body', ok('{"status":0}', 503), 'unavailable'],
    ['a 502 HTML page', ok('<html>Bad Gateway</html>', 502), 'unavailable'],
    ['a 401', ok('{"title":"Unauthorized"}', 401), 'auth_failed'],
    ['a 404 page', ok('<html>Not Found</html>', 404), 'bad_response'],
    ['a 200 that is not JSON', ok('OK'), 'bad_response'],
    ['a 200 without a status', ok('{"deliveryResultList":[]}'), 'bad_response'],
  ] as const)('classifies %s as %s', (_what, answer, code) => {
    expect(thrown(() => interpretMailTracking(answer, ask(['RB000000014HK']))).code).toBe(code);
  });

  const refusal = (status: number) =>
    ok(JSON.stringify({ status, errMsg: 'refused', itemCount: 0, deliveryResultList: [] }));

  it('calls a batch refused as a whole for its input (9998) one to ask again in parts', () => {
    const error = thrown(() => interpretMailTracking(refusal(9998), ask(['RB000000014HK', 'EA000001006HK'])));
    expect(error.batchRefused).toBe(true);
  });

  it('answers 9998 for a number asked alone as that number refused', () => {
    const outcome = interpretMailTracking(refusal(9998), ask(['RB000000014HK'])).get('RB000000014HK');
    expect(outcome?.kind === 'failed' && outcome.error.code).toBe('invalid_number');
  });

  it.each([1001, 1002, 1003, 1004])(
    'asks again in parts when the top-level code %i leaves several numbers out, and never lends it to them',
    (status) => {
      const error = thrown(() =>
        interpretMailTracking(refusal(status), ask(['RB000000014HK', 'EA000001006HK', 'RB000000010HK'])),
      );
      expect(error.batchRefused).toBe(true);
    },
  );

  it('caps the Retry-After of an HTTP 429 at 15 minutes', () => {
    const error = thrown(() =>
      interpretMailTracking(ok('', 429, { 'retry-after': '1000000000' }), ask(['RB000000014HK'])),
    );
    expect(error.retryAfterMs).toBe(15 * 60_000);
  });

  it('takes Retry-After from an HTTP 429', () => {
    const error = thrown(() =>
      interpretMailTracking(ok('', 429, { 'retry-after': '3' }), ask(['RB000000014HK'])),
    );
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterMs: 3000 });
  });
});
