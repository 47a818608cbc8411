import { describe, expect, it } from 'vitest';
import {
  interpretAuthenticate,
  interpretMailTracking,
} from '../../../src/carriers/hongkong-post/response.js';
import { APPENDIX_A, msUntilHongKongMidnight } from '../../../src/carriers/hongkong-post/status-codes.js';
import type { CarrierErrorCode } from '../../../src/domain/carrier-error.js';
import type { TrackOutcome } from '../../../src/domain/outcome.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { ask, fixture, NOW, ok, thrown } from './helpers.js';

type Expected = { readonly outcome: TrackOutcome['kind']; readonly detail: string };
/** Every Appendix A code: what it means per item, and at the top level of an answer without items. */
const APPENDIX_A_EXPECTATIONS: Readonly<
  Record<number, { item: Expected; top: Expected | CarrierErrorCode }>
> = {
  0: { item: { outcome: 'found', detail: '' }, top: { outcome: 'failed', detail: 'bad_response' } },
  1001: {
    item: { outcome: 'not_found', detail: 'no_record' },
    top: { outcome: 'not_found', detail: 'no_record' },
  },
  1002: {
    item: { outcome: 'failed', detail: 'invalid_number' },
    top: { outcome: 'failed', detail: 'invalid_number' },
  },
  1003: {
    item: { outcome: 'not_found', detail: 'expired' },
    top: { outcome: 'not_found', detail: 'expired' },
  },
  1004: {
    item: { outcome: 'not_found', detail: 'not_allowed' },
    top: { outcome: 'not_found', detail: 'not_allowed' },
  },
  9991: { item: { outcome: 'failed', detail: 'rate_limited' }, top: 'rate_limited' },
  9992: { item: { outcome: 'failed', detail: 'auth_failed' }, top: 'auth_failed' },
  9993: { item: { outcome: 'failed', detail: 'bad_response' }, top: 'bad_response' },
  9994: { item: { outcome: 'failed', detail: 'quota_exhausted' }, top: 'quota_exhausted' },
  9995: { item: { outcome: 'failed', detail: 'bad_response' }, top: 'bad_response' },
  9996: { item: { outcome: 'failed', detail: 'bad_response' }, top: 'bad_response' },
  9997: { item: { outcome: 'failed', detail: 'bad_response' }, top: 'bad_response' },
  // Alone, the number is what was refused; among several, the batch is asked again in parts (response.test.ts).
  9998: {
    item: { outcome: 'failed', detail: 'invalid_number' },
    top: { outcome: 'failed', detail: 'invalid_number' },
  },
  9999: { item: { outcome: 'failed', detail: 'unavailable' }, top: 'unavailable' },
};

const summary = (outcome: TrackOutcome | undefined): Expected => ({
  outcome: outcome?.kind ?? 'failed',
  detail:
    outcome?.kind === 'not_found' ? outcome.reason : outcome?.kind === 'failed' ? outcome.error.code : '',
});

describe('Appendix A status codes', () => {
  it('lists every code of Appendix A', () => {
    expect(Object.keys(APPENDIX_A_EXPECTATIONS)).toEqual(Object.keys(APPENDIX_A));
  });

  it.each(Object.entries(APPENDIX_A_EXPECTATIONS))(
    'maps code %s per item and at the top level',
    (code, expected) => {
      const item = JSON.parse(fixture('mailTracking.delivered')).deliveryResultList[0];
      const itemAnswer = {
        status: 0,
        errMsg: '',
        itemCount: 1,
        deliveryResultList: [{ ...item, status: Number(code) }],
      };
      const outcomes = interpretMailTracking(ok(JSON.stringify(itemAnswer)), ask(['RB000000014HK']));
      expect(summary(outcomes.get('RB000000014HK'))).toEqual(expected.item);

      const topAnswer = ok(
        JSON.stringify({ status: Number(code), errMsg: '', itemCount: 0, deliveryResultList: [] }),
      );
      if (typeof expected.top === 'string') {
        expect(thrown(() => interpretMailTracking(topAnswer, ask(['RB000000014HK']))).code).toBe(
          expected.top,
        );
      } else {
        expect(
          summary(interpretMailTracking(topAnswer, ask(['RB000000014HK'])).get('RB000000014HK')),
        ).toEqual(expected.top);
      }
    },
  );

  it('logs a request Hongkong Post called malformed as our error', () => {
    const { logger, lines } = captureLogger();
    thrown(() =>
      interpretMailTracking(
        ok('{"status":9996,"errMsg":"Invalid Language"}'),
        ask(['RB000000014HK'], 'E', logger),
      ),
    );
    expect(lines).toEqual([expect.objectContaining({ level: 50, status: 9996, errMsg: 'Invalid Language' })]);
  });

  it('asks to retry 9991 after a second and 9994 at the next Hong Kong midnight', () => {
    expect(
      thrown(() => interpretMailTracking(ok('{"status":9991}'), ask(['RB000000014HK']))).retryAfterMs,
    ).toBe(1000);
    const quota = thrown(() =>
      interpretMailTracking(ok(fixture('mailTracking.daily-limit')), ask(['RB000000014HK'])),
    );
    // NOW is 20:00 in Hong Kong.
    expect(quota.retryAfterMs).toBe(4 * 3_600_000);
    expect(msUntilHongKongMidnight(Date.UTC(2026, 0, 1, 15, 30))).toBe(30 * 60_000);
    expect(msUntilHongKongMidnight(Date.UTC(2026, 0, 1, 16))).toBe(24 * 3_600_000);
  });
});

describe('reading the authenticate answer', () => {
  it('keeps the token until the earlier of its expiry and 15 minutes from now', () => {
    const expiry = JSON.parse(fixture('authenticate.ok')).expiry * 1000;
    expect(interpretAuthenticate(ok(fixture('authenticate.ok')), expiry - 60_000).expiresAtMs).toBe(expiry);
    expect(interpretAuthenticate(ok(fixture('authenticate.ok')), expiry - 3_600_000).expiresAtMs).toBe(
      expiry - 3_600_000 + 15 * 60_000,
    );
    expect(interpretAuthenticate(ok(fixture('authenticate.ok')), expiry + 1).expiresAtMs).toBe(
      expiry + 1 + 15 * 60_000,
    );
  });

  it.each([
    ['refused credentials (9992)', ok('{"status":9992,"errMsg":"Invalid Credential"}'), 'auth_failed'],
    ['an HTTP 401', ok('{"title":"Unauthorized"}', 401), 'auth_failed'],
    ['an answer without a token', ok('{"expiry":1767226500}'), 'bad_response'],
    ['a 502 page', ok('<html></html>', 502), 'unavailable'],
  ] as const)('fails %s as %s', (_what, answer, code) => {
    expect(thrown(() => interpretAuthenticate(answer, NOW)).code).toBe(code);
  });
});
