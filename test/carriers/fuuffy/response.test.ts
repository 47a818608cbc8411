import { describe, expect, it } from 'vitest';
import { readRateLimit, retryAfterMs } from '../../../src/carriers/fuuffy/rate-limit.js';
import { interpretTrackingResponse } from '../../../src/carriers/fuuffy/response.js';
import { logUnmappedOnce } from '../../../src/carriers/fuuffy/status.js';
import type { CarrierErrorCode } from '../../../src/domain/carrier-error.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { thrown } from '../../helpers/thrown.js';
import { fixture, sf } from './harness.js';

const NOW = Date.UTC(2026, 0, 1);
const seedRequest = sf('SF7444700508450');
const answer = (status: number, body: string, headers: Record<string, string> = {}) =>
  interpretTrackingResponse({ status, headers, body }, { request: seedRequest, now: NOW });
const outcomeOf = (status: number, body: string) => answer(status, body).outcomes.get(seedRequest.number);

describe('reading Fuuffy tracking answers', () => {
  it('reads the seed sample (seeds/003) into one found shipment', () => {
    const outcome = outcomeOf(200, fixture('trackingGet.seed'));
    expect(outcome?.kind).toBe('found');
    if (outcome?.kind !== 'found') return;
    expect(outcome.shipment).toMatchObject({
      number: 'SF7444700508450',
      adapter: 'fuuffy',
      status: 'in_transit',
      origin: { text: 'HONG KONG' },
      destination: { text: 'Hong Kong' },
      fetchedAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('orders events newest first and takes the status from the newest', () => {
    const outcome = outcomeOf(200, fixture('trackingGet.delivered'));
    if (outcome?.kind !== 'found') throw new Error('expected found');
    expect(outcome.shipment.status).toBe('delivered');
    expect(outcome.shipment.events.map((e) => e.vendorCode)).toEqual([
      '8000',
      '80',
      '44',
      '31',
      '31',
      '30',
      '50',
    ]);
    expect(outcome.shipment.events[1]?.time).toBe('2025-12-31T07:00:00+08:00');
  });

  it('reads a returned parcel as an exception after a failed attempt', () => {
    const outcome = outcomeOf(200, fixture('trackingGet.returned'));
    if (outcome?.kind !== 'found') throw new Error('expected found');
    expect(outcome.shipment.status).toBe('exception');
    expect(outcome.shipment.events.map((e) => e.status)).toEqual([
      'exception',
      'failed_attempt',
      'out_for_delivery',
      'in_transit',
    ]);
  });

  it.each([
    ['ORDER_NOT_FOUND', 400, 'trackingGet.orderNotFound', { kind: 'not_found', reason: 'no_record' }],
    ['another merchant’s order', 403, 'trackingGet.forbidden', { kind: 'not_found', reason: 'not_allowed' }],
    ['a documented 404', 404, 'trackingGet.forbidden', { kind: 'not_found', reason: 'no_record' }],
  ])('answers %s as not found', (_what, status, name, expected) => {
    expect(outcomeOf(status, fixture(name))).toEqual(expected);
  });

  it('fails only the number when a 400 is about the number', () => {
    const outcome = outcomeOf(400, fixture('trackingGet.invalidNumber'));
    expect(outcome?.kind === 'failed' && outcome.error.code).toBe('invalid_number');
  });

  it('names only error codes of Fuuffy’s own form in its errors, never copying other upstream text', () => {
    const forged = `secret ${'Ω'.repeat(1000)}`;
    const about = (field: string) =>
      JSON.stringify({
        error: { code: '400000', error_code: forged, error_trace: [{ field, message: 'invalid' }] },
      });
    const refused = outcomeOf(400, about('tracking_number'));
    if (refused?.kind !== 'failed') throw new Error('the refusal is no failure');
    const thrownError = thrown(() => answer(400, about('weight')));
    for (const error of [refused.error, thrownError]) {
      expect(error.message).not.toMatch(/secret/i);
      expect(error.message.length).toBeLessThan(200);
    }
    const known = '{"error":{"code":"400000","error_code":"WEIGHT_INVALID","error_trace":[]}}';
    expect(thrown(() => answer(400, known)).message).toContain('(WEIGHT_INVALID)');
  });

  it.each<[string, number, string, CarrierErrorCode]>([
    [
      'TRACKING_NUMBER_REQUIRED (our bug)',
      400,
      fixture('trackingGet.trackingNumberRequired'),
      'bad_response',
    ],
    [
      'another 400',
      400,
      '{"error":{"code":"400000","code_reason":"BAD_REQUEST","message":"Bad Request"}}',
      'bad_response',
    ],
    ['a 401 after the retry', 401, fixture('trackingGet.unauthorized'), 'auth_failed'],
    ['a 404 without the envelope', 404, '<html>Not Found</html>', 'bad_response'],
    ['a 429', 429, '', 'rate_limited'],
    ['a 500', 500, fixture('trackingGet.serverError'), 'unavailable'],
    ['an HTML 502', 502, '<html>Bad Gateway</html>', 'unavailable'],
    ['a 200 without data', 200, '{"message":"OK"}', 'bad_response'],
    [
      'an impossible date',
      200,
      fixture('trackingGet.seed').replace('2025-12-09', '2025-02-30'),
      'bad_response',
    ],
    [
      'a date with an offset',
      200,
      fixture('trackingGet.seed').replace('17:37:09', '17:37:09+08:00'),
      'bad_response',
    ],
  ])('throws for %s', (_what, status, body, code) => {
    expect(thrown(() => answer(status, body)).code).toBe(code);
  });

  it('reports unmapped route codes, and logs each one once', () => {
    const body = fixture('trackingGet.seed').replace('"code": "50"', '"code": "9123"');
    const result = answer(200, body);
    expect(result.unmapped).toEqual([{ table: 'sf_route_code', code: '9123' }]);
    const outcome = result.outcomes.get(seedRequest.number);
    expect(outcome?.kind === 'found' && outcome.shipment.status).toBe('unknown');
    const { logger, lines } = captureLogger('warn');
    logUnmappedOnce(logger, result.unmapped);
    logUnmappedOnce(logger, answer(200, body).unmapped);
    expect(lines.filter(({ code }) => code === '9123')).toHaveLength(1);
  });
});

describe('Fuuffy rate-limit headers', () => {
  const nowS = NOW / 1000;
  it.each([
    ['seconds until the reset', { 'x-ratelimit-reset': '30' }, 30_000],
    ['a Unix time in seconds', { 'x-ratelimit-reset': String(nowS + 45) }, 45_000],
    ['a Unix time in milliseconds', { 'x-ratelimit-reset': String(NOW + 12_000) }, 12_000],
    ['a Unix time already past (clock skew)', { 'x-ratelimit-reset': String(nowS - 5) }, 1_000],
    ['Retry-After before X-RateLimit-Reset', { 'retry-after': '7', 'x-ratelimit-reset': '30' }, 7_000],
    ['nothing readable', { 'x-ratelimit-reset': 'soon' }, undefined],
    ['a Retry-After years away, capped at 15 minutes', { 'retry-after': '1000000000' }, 900_000],
    ['a reset a day away, capped at 15 minutes', { 'x-ratelimit-reset': String(nowS + 86_400) }, 900_000],
  ])('reads %s', (_what, headers, expected) => {
    expect(retryAfterMs(headers, NOW)).toBe(expected);
    const error = thrown(() => answer(429, '', headers));
    expect(error.retryAfterMs).toBe(expected);
  });

  it('exposes limit, remaining and reset on a success', () => {
    const headers = {
      'x-ratelimit-limit': '100',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(nowS + 60),
    };
    expect(readRateLimit(headers, NOW)).toEqual({ limit: 100, remaining: 0, resetInMs: 60_000 });
    expect(answer(200, fixture('trackingGet.seed'), headers).rateLimit.remaining).toBe(0);
  });
});
