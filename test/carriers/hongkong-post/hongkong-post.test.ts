import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../../src/cache/memory-cache.js';
import { AUTHENTICATE_PATH, MAIL_TRACKING_PATH } from '../../../src/carriers/hongkong-post/client.js';
import { HONGKONG_POST_LIMITS, hongkongPostAdapter } from '../../../src/carriers/hongkong-post/index.js';
import { interpretMailTracking } from '../../../src/carriers/hongkong-post/response.js';
import type { HongkongPostSandbox } from '../../../src/carriers/hongkong-post/sandbox.js';
import {
  BULK_NUMBERS,
  EMS_TO_UK,
  EXPIRED,
  NO_RECORD,
  NOT_ALLOWED,
  PARCEL_AWAITING_COLLECTION,
  RETURNED_TO_SENDER,
  SEED_DELIVERED,
  SEED_INVALID,
} from '../../../src/carriers/hongkong-post/sandbox-parcels.js';
import { routesFor } from '../../../src/carriers/routing.js';
import { CarrierError } from '../../../src/domain/carrier-error.js';
import type { Locale } from '../../../src/domain/locale.js';
import type { TrackOutcome } from '../../../src/domain/outcome.js';
import type { Shipment } from '../../../src/domain/shipment.js';
import { counterStoreOn } from '../../../src/queue/counter-store.js';
import { createTrackingQueue } from '../../../src/queue/tracking-queue.js';
import { createManualClock } from '../../../src/time/manual-clock.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { drive } from '../../helpers/drive-clock.js';
import { type ContractHarness, describeAdapterContract } from '../adapter-contract.js';
import { itClassifiesEveryBrokenResponse } from '../response-fuzz.js';
import { fixture, fixtureNames, num, req, silentLogger, startRig, type TestRig } from './helpers.js';

let current: HongkongPostSandbox | undefined;
const sandboxNow = (): HongkongPostSandbox => {
  if (!current) throw new Error('no sandbox running');
  return current;
};
const vendorAnswer = (status: number) => ({
  kind: 'status' as const,
  status: 200,
  body: { status, errMsg: '', itemCount: 0, deliveryResultList: [] },
});

const harness: ContractHarness = {
  name: 'hongkong-post',
  async setup(clock) {
    const rig = await startRig(clock);
    current = rig.sandbox;
    return rig;
  },
  found: req(SEED_DELIVERED),
  notFound: req(NO_RECORD),
  fullBatch: BULK_NUMBERS.map(req),
  isTracking: (r) => r.path.endsWith(MAIL_TRACKING_PATH),
  login: {
    isLogin: (r) => r.path.endsWith(AUTHENTICATE_PATH),
    tokenLifetimeMs: 15 * 60_000,
    revokeTokens: () => sandboxNow().revokeTokens(),
    rejectCredentials: () => sandboxNow().rejectCredentials(),
  },
  errors: [
    {
      name: 'the daily request limit is used up (9994)',
      arrange: () => {
        sandboxNow().setEnforceLimits(true);
        sandboxNow().setDailyLimit(0);
      },
      code: 'quota_exhausted',
    },
    {
      name: 'requests come too often (9991)',
      arrange: (i) => i.sandbox.faults.inject(vendorAnswer(9991), { times: 1, path: MAIL_TRACKING_PATH }),
      code: 'rate_limited',
    },
    {
      name: 'the service is temporarily unavailable (9999)',
      arrange: (i) => i.sandbox.faults.inject(vendorAnswer(9999), { times: 1, path: MAIL_TRACKING_PATH }),
      code: 'unavailable',
    },
    {
      name: 'the request format is refused (9993)',
      arrange: (i) => i.sandbox.faults.inject(vendorAnswer(9993), { times: 1, path: MAIL_TRACKING_PATH }),
      code: 'bad_response',
    },
    {
      name: 'the token is refused even after a fresh login (9992 twice)',
      arrange: (i) => i.sandbox.faults.inject(vendorAnswer(9992), { times: 2, path: MAIL_TRACKING_PATH }),
      code: 'auth_failed',
    },
    {
      name: 'a proxy answers HTTP 429',
      arrange: (i) => i.sandbox.faults.inject({ kind: 'status', status: 429, body: 'Too Many Requests' }),
      code: 'rate_limited',
    },
  ],
};

describeAdapterContract(harness);

describe('hongkong-post response interpreter', () => {
  const numbers = ['RB000000014HK', 'EA000001006HK', 'RB000000010HK', 'RC000004002HK', 'RD000005008HK'].map(
    num,
  );
  itClassifiesEveryBrokenResponse(
    (response) =>
      interpretMailTracking(response, {
        numbers,
        lang: 'E',
        nowMs: Date.UTC(2026, 0, 1),
        logger: silentLogger(),
      }),
    fixtureNames()
      .filter((name) => name.startsWith('mailTracking.'))
      .map(fixture),
    { outcomes: (outcomes) => [...outcomes.values()] },
  );
});

const found = (outcome: TrackOutcome | undefined): Shipment => {
  if (outcome?.kind !== 'found') throw new Error(`expected found, got ${JSON.stringify(outcome)}`);
  return outcome.shipment;
};

async function carrierError(promise: Promise<unknown>): Promise<CarrierError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CarrierError);
  return error as CarrierError;
}

describe('hongkong-post adapter against its sandbox', () => {
  let rig: TestRig | undefined;
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });
  const trackingRequests = () =>
    (rig?.sandbox.requests ?? []).filter((r) => r.path.endsWith(MAIL_TRACKING_PATH));
  const logins = () => (rig?.sandbox.requests ?? []).filter((r) => r.path.endsWith(AUTHENTICATE_PATH)).length;

  it.each([
    ['en', 'Delivered'],
    ['zh-HK', '成功派遞'],
    ['zh-CN', '成功派递'],
  ] as const)(
    'answers a %s chat in its language, from one all-language request',
    async (locale: Locale, text) => {
      rig = await startRig(createManualClock());
      const shipment = found(
        (await rig.adapter.track([req(SEED_DELIVERED)], { locale })).get(SEED_DELIVERED),
      );
      expect(JSON.parse(trackingRequests()[0]?.body ?? '{}')).toEqual({
        lang: 'A',
        itemNo: [SEED_DELIVERED],
      });
      expect(shipment.status).toBe('delivered');
      expect(shipment.events[0]?.description).toEqual({
        text,
        byLocale: { en: 'Delivered', 'zh-HK': '成功派遞', 'zh-CN': '成功派递' },
      });
      expect(shipment.events[0]?.status).toBe('delivered');
    },
  );

  it('gives events the same keys whatever the chat language', async () => {
    rig = await startRig(createManualClock());
    const keys = async (locale: Locale) =>
      found((await rig?.adapter.track([req(SEED_DELIVERED)], { locale }))?.get(SEED_DELIVERED)).events.map(
        (e) => e.key,
      );
    expect(await keys('zh-HK')).toEqual(await keys('en'));
    expect(await keys('zh-CN')).toEqual(await keys('en'));
  });

  it('answers each number with its own outcome, per Appendix A item code', async () => {
    rig = await startRig(createManualClock());
    const asked = [SEED_DELIVERED, SEED_INVALID, EXPIRED, NOT_ALLOWED, NO_RECORD];
    const outcomes = await rig.adapter.track(asked.map(req), { locale: 'en' });
    expect(outcomes.get(SEED_DELIVERED)?.kind).toBe('found');
    const invalid = outcomes.get(SEED_INVALID);
    expect(invalid?.kind === 'failed' && invalid.error.code).toBe('invalid_number');
    expect(outcomes.get(EXPIRED)).toEqual({ kind: 'not_found', reason: 'expired' });
    expect(outcomes.get(NOT_ALLOWED)).toEqual({ kind: 'not_found', reason: 'not_allowed' });
    expect(outcomes.get(NO_RECORD)).toEqual({ kind: 'not_found', reason: 'no_record' });
  });

  it('reads each event in the time zone of its country (Hong Kong, and London in summer time)', async () => {
    const clock = createManualClock(Date.UTC(2026, 6, 1));
    rig = await startRig(clock);
    await clock.advance(30 * 3_600_000);
    const shipment = found((await rig.adapter.track([req(EMS_TO_UK)], { locale: 'en' })).get(EMS_TO_UK));
    expect(shipment.status).toBe('delivered');
    const [delivered] = shipment.events;
    expect(delivered).toMatchObject({ time: '2026-07-02T07:00:00+01:00', timeZone: 'Europe/London' });
    const posted = shipment.events.at(-1);
    expect(posted).toMatchObject({ time: '2026-06-30T08:00:00+08:00', timeZone: 'Asia/Hong_Kong' });
    expect(shipment.events.map((e) => e.status)).not.toContain('unknown');
  });

  it('moves a parcel along its timeline as the clock advances', async () => {
    const clock = createManualClock();
    rig = await startRig(clock);
    const status = async (n: string) =>
      found((await rig?.adapter.track([req(n)], { locale: 'en' }))?.get(n)).status;
    expect(await status(PARCEL_AWAITING_COLLECTION)).toBe('in_transit');
    await clock.advance(3_600_000);
    expect(await status(PARCEL_AWAITING_COLLECTION)).toBe('failed_attempt');
    await clock.advance(3_600_000);
    expect(await status(PARCEL_AWAITING_COLLECTION)).toBe('available_for_pickup');
    expect(await status(RETURNED_TO_SENDER)).toBe('exception');
  });

  it('maps a Chinese chat’s events through the English text sent alongside', async () => {
    rig = await startRig(createManualClock());
    const shipment = found((await rig.adapter.track([req(EMS_TO_UK)], { locale: 'zh-HK' })).get(EMS_TO_UK));
    expect(shipment.status).toBe('in_transit');
    expect(shipment.events.map((e) => e.status)).toEqual(['in_transit', 'in_transit', 'in_transit']);
    expect(shipment.events[0]?.description.text).toMatch(
      /^郵件已於\d{1,2}-[A-Z][a-z]{2}-\d{4}離開香港前往目的地$/,
    );
  });

  it('logs in again 60 s before the 15-minute token expires, not earlier', async () => {
    const clock = createManualClock();
    rig = await startRig(clock);
    await rig.adapter.track([req(SEED_DELIVERED)], { locale: 'en' });
    await clock.advance(14 * 60_000 - 1);
    await rig.adapter.track([req(SEED_DELIVERED)], { locale: 'en' });
    expect(logins()).toBe(1);
    await clock.advance(1);
    await rig.adapter.track([req(SEED_DELIVERED)], { locale: 'en' });
    expect(logins()).toBe(2);
  });

  it('is rate limited (9991) when requests come closer than 100 ms, and told to wait a second', async () => {
    const clock = createManualClock();
    rig = await startRig(clock, { enforceLimits: true });
    await rig.adapter.track([req(SEED_DELIVERED)], { locale: 'en' });
    await clock.advance(50);
    const error = await carrierError(rig.adapter.track([req(SEED_DELIVERED)], { locale: 'en' }));
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterMs: 1000 });
    await clock.advance(HONGKONG_POST_LIMITS.minSpacingMs ?? 0);
    expect((await rig.adapter.track([req(SEED_DELIVERED)], { locale: 'en' })).get(SEED_DELIVERED)?.kind).toBe(
      'found',
    );
  });

  it('runs out of the daily quota (9994) until midnight in Hong Kong', async () => {
    // 2026-01-01T12:00Z is 20:00 in Hong Kong: four hours to the next Hong Kong midnight.
    const clock = createManualClock(Date.UTC(2026, 0, 1, 12));
    rig = await startRig(clock, { enforceLimits: true });
    rig.sandbox.setDailyLimit(1);
    await rig.adapter.track([req(SEED_DELIVERED)], { locale: 'en' });
    await clock.advance(1000);
    const error = await carrierError(rig.adapter.track([req(SEED_DELIVERED)], { locale: 'en' }));
    expect(error).toMatchObject({ code: 'quota_exhausted', retryAfterMs: 4 * 3_600_000 - 1000 });
    await clock.advance(error.retryAfterMs ?? 0);
    expect((await rig.adapter.track([req(SEED_DELIVERED)], { locale: 'en' })).get(SEED_DELIVERED)?.kind).toBe(
      'found',
    );
  });

  it('sends only documented item numbers: a forged one fails alone, the rest are answered in one request', async () => {
    rig = await startRig(createManualClock());
    const forged = 'A'.repeat(40);
    const others = BULK_NUMBERS.slice(0, 29);
    const outcomes = await rig.adapter.track([...others, forged].map(req), { locale: 'en' });
    for (const number of others) expect(outcomes.get(number)?.kind).toBe('found');
    const refused = outcomes.get(forged);
    expect(refused?.kind === 'failed' && refused.error.code).toBe('invalid_number');
    expect(trackingRequests().map((r) => JSON.parse(r.body).itemNo)).toEqual([others]);

    const alone = (await rig.adapter.track([req(forged)], { locale: 'en' })).get(forged);
    expect(alone?.kind === 'failed' && alone.error.code).toBe('invalid_number');
    expect(trackingRequests()).toHaveLength(1);
  });

  it('has a batch Hongkong Post refuses whole (9998) asked again in parts by the queue, every number answered', async () => {
    const clock = createManualClock();
    rig = await startRig(clock);
    rig.sandbox.faults.inject(vendorAnswer(9998), { times: 1, path: MAIL_TRACKING_PATH });
    const queue = createTrackingQueue({
      adapters: [{ adapter: rig.adapter, limits: HONGKONG_POST_LIMITS }],
      clock,
      random: () => 0.5,
      cache: createMemoryCache(clock),
      counters: counterStoreOn(createMemoryCache(clock)),
      logger: silentLogger(),
    });
    const lookups = Promise.all(
      BULK_NUMBERS.map((n) =>
        queue.lookup('hongkong-post', req(n), { priority: 'background', locale: 'en' }),
      ),
    );
    await drive(clock, lookups, 20);
    expect((await lookups).map((o) => o.kind)).toEqual(BULK_NUMBERS.map(() => 'found'));
    expect(trackingRequests().map((r) => JSON.parse(r.body).itemNo.length)).toEqual([30, 15, 15]);
  });

  it('asks once per distinct number and refuses more than a batch without asking', async () => {
    rig = await startRig(createManualClock());
    await rig.adapter.track([req(SEED_DELIVERED), req(SEED_DELIVERED)], { locale: 'en' });
    expect(JSON.parse(trackingRequests()[0]?.body ?? '{}').itemNo).toEqual([SEED_DELIVERED]);
    const tooMany = [...BULK_NUMBERS, SEED_DELIVERED].map(req);
    expect((await carrierError(rig.adapter.track(tooMany, { locale: 'en' }))).code).toBe('bad_response');
    expect(trackingRequests()).toHaveLength(1);
  });

  it('keeps the secret and tokens out of its logs', async () => {
    const { logger, lines } = captureLogger('trace');
    rig = await startRig(createManualClock(), { logger });
    await rig.adapter.track([req(SEED_DELIVERED)], { locale: 'en' });
    rig.sandbox.revokeTokens();
    await rig.adapter.track([req(SEED_DELIVERED)], { locale: 'en' });
    const tokens = trackingRequests().map(({ headers: { authorization } }) =>
      (authorization ?? '').replace('Bearer ', ''),
    );
    expect(tokens.length).toBeGreaterThan(0);
    const logged = JSON.stringify(lines);
    for (const secret of ['sandbox-secret', ...tokens]) expect(logged).not.toContain(secret);
  });
});

describe('hongkong-post adapter definition', () => {
  it('serves Hongkong Post with the seed limits', () => {
    expect(hongkongPostAdapter).toMatchObject({ id: 'hongkong-post' });
    expect(routesFor('hongkong-post')[0]).toEqual({ adapter: 'hongkong-post' });
    expect(HONGKONG_POST_LIMITS).toMatchObject({
      minSpacingMs: 110,
      batchSize: 30,
      concurrency: 1,
      dailyQuota: { limit: 100_000, timeZone: 'Asia/Hong_Kong' },
      rollingDayQuota: 100_000,
    });
  });
});
