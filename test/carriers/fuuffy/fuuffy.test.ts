import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TrackContext } from '../../../src/carriers/adapter.js';
import { fuuffyAdapter } from '../../../src/carriers/fuuffy/index.js';
import { interpretTrackingResponse } from '../../../src/carriers/fuuffy/response.js';
import type { FuuffySandbox } from '../../../src/carriers/fuuffy/sandbox.js';
import {
  CROSS_BORDER,
  CUSTOMS_HELD,
  DELIVERED,
  FAILED_ATTEMPT,
  LABEL_ONLY,
  LOCKER,
  OTHER_MERCHANT,
  OUT_FOR_DELIVERY,
  PREPARING,
  RETURNED,
  SEED_ORDER_EXAMPLE,
  SEED_PARCEL,
  SEED_TRACKING_EXAMPLE,
  STATION_PICKUP,
  UNKNOWN_NUMBER,
} from '../../../src/carriers/fuuffy/sandbox-parcels.js';
import { routesFor } from '../../../src/carriers/routing.js';
import { HOUR_MS } from '../../../src/carriers/sandbox-kit/timeline.js';
import { CarrierError } from '../../../src/domain/carrier-error.js';
import type { TrackOutcome } from '../../../src/domain/outcome.js';
import type { Shipment } from '../../../src/domain/shipment.js';
import { createManualClock, type ManualClock } from '../../../src/time/manual-clock.js';
import { type ContractHarness, describeAdapterContract, type HarnessInstance } from '../adapter-contract.js';
import { itClassifiesEveryBrokenResponse } from '../response-fuzz.js';
import { allFixtures, type FuuffyInstance, fixture, sf, startFuuffy } from './harness.js';

const CONTEXT: TrackContext = { locale: 'zh-HK' };
const sandboxOf = (instance: HarnessInstance) => instance.sandbox as FuuffySandbox;
const onTracking = { path: '/tracking/get', times: 2 };

const harness: ContractHarness = {
  name: 'fuuffy',
  setup: (clock) => startFuuffy(clock, { enforceLimits: false }),
  found: sf(SEED_PARCEL),
  notFound: sf(UNKNOWN_NUMBER),
  fullBatch: [sf(SEED_TRACKING_EXAMPLE)],
  isTracking: (r) => r.path.startsWith('/v1/tracking/get'),
  login: {
    isLogin: (r) => r.path === '/v1/auth/token',
    tokenLifetimeMs: 3_600_000,
    revokeTokens: (instance) => sandboxOf(instance).revokeTokens(),
    rejectCredentials: (instance) => sandboxOf(instance).rejectCredentials(),
  },
  errors: [
    {
      name: 'Fuuffy answers 500 API_ERROR',
      arrange: (i) =>
        i.sandbox.faults.inject(
          { kind: 'status', status: 500, body: fixture('trackingGet.serverError') },
          onTracking,
        ),
      code: 'unavailable',
    },
    {
      name: 'Fuuffy answers 429',
      arrange: (i) =>
        i.sandbox.faults.inject(
          { kind: 'status', status: 429, body: '', headers: { 'X-RateLimit-Reset': '30' } },
          onTracking,
        ),
      code: 'rate_limited',
    },
    {
      name: 'Fuuffy says TRACKING_NUMBER_REQUIRED (our bug)',
      arrange: (i) =>
        i.sandbox.faults.inject(
          { kind: 'status', status: 400, body: fixture('trackingGet.trackingNumberRequired') },
          onTracking,
        ),
      code: 'bad_response',
    },
    {
      name: 'the token is refused even after a fresh login',
      arrange: (i) =>
        i.sandbox.faults.inject(
          { kind: 'status', status: 401, body: fixture('trackingGet.unauthorized') },
          onTracking,
        ),
      code: 'auth_failed',
    },
    {
      name: 'a 404 comes without the Fuuffy error envelope (wrong base URL)',
      arrange: (i) => i.sandbox.faults.inject({ kind: 'status', status: 404, body: 'Not Found' }, onTracking),
      code: 'bad_response',
    },
  ],
};

describeAdapterContract(harness);

describe('fuuffy response interpreter', () => {
  const validBodies = Object.entries(allFixtures())
    .filter(([name]) => name.startsWith('trackingGet.'))
    .map(([, body]) => body);
  itClassifiesEveryBrokenResponse(
    (response) =>
      interpretTrackingResponse(response, { request: sf(SEED_PARCEL), now: Date.UTC(2026, 0, 1) }),
    validBodies,
    { outcomes: (answer) => [...answer.outcomes.values()] },
  );
});

describe('fuuffy adapter', () => {
  let clock: ManualClock;
  let fuuffy: FuuffyInstance;

  const track = async (request = sf(SEED_PARCEL)): Promise<TrackOutcome | undefined> =>
    (await fuuffy.adapter.track([request], CONTEXT)).get(request.number);
  const found = async (request = sf(SEED_PARCEL)): Promise<Shipment> => {
    const outcome = await track(request);
    if (outcome?.kind !== 'found') throw new Error(`expected found, got ${JSON.stringify(outcome)}`);
    return outcome.shipment;
  };

  beforeEach(async () => {
    clock = createManualClock();
    fuuffy = await startFuuffy(clock, { enforceLimits: false });
  });
  afterEach(async () => {
    await fuuffy.close();
  });

  it('declares its limits and the carriers it serves', () => {
    expect(fuuffyAdapter.id).toBe('fuuffy');
    expect(routesFor('sf-express')[0]).toEqual({ adapter: 'fuuffy' });
    expect(fuuffyAdapter.limits).toMatchObject({ batchSize: 1, concurrency: 2, batchWindowMs: 0 });
    expect(fuuffyAdapter.limits.windows).toEqual([
      { limit: 100, windowMs: 60_000 },
      { limit: 1000, windowMs: 3_600_000 },
    ]);
  });

  it('reads the seed parcel as written: +08:00 time, Chinese text kept', async () => {
    const shipment = await found();
    expect(shipment).toMatchObject({ number: SEED_PARCEL, carrier: 'sf-express', status: 'in_transit' });
    expect(shipment.origin?.text).toBe('HONG KONG');
    expect(shipment.events).toHaveLength(1);
    expect(shipment.events[0]).toMatchObject({
      time: '2025-12-09T17:37:09+08:00',
      timeZone: 'Asia/Hong_Kong',
      vendorCode: '50',
      location: { text: '深圳市' },
      description: { text: '顺丰速运 已收取快件' },
    });
  });

  it('looks a parcel up by Fuuffy order id, with the same event keys as by number', async () => {
    const byOrder = await found(sf(SEED_ORDER_EXAMPLE, true));
    expect(fuuffy.sandbox.requests.at(-1)?.path).toBe(`/v1/tracking/get/${SEED_ORDER_EXAMPLE}`);
    expect(byOrder.number).toBe(SEED_TRACKING_EXAMPLE);
    const byNumber = await found(sf(SEED_TRACKING_EXAMPLE));
    expect(fuuffy.sandbox.requests.at(-1)?.query.get('tracking_number')).toBe(SEED_TRACKING_EXAMPLE);
    expect(byOrder.events.map((e) => e.key)).toEqual(byNumber.events.map((e) => e.key));
  });

  it('keeps +08:00 across the Hong Kong → mainland border, city by city', async () => {
    const shipment = await found(sf(CROSS_BORDER));
    expect(shipment.destination?.text).toBe('CHINA');
    expect(shipment.events.map((e) => e.location?.text)).toEqual([
      '广州市',
      '深圳市',
      '深圳市',
      '香港',
      '香港',
    ]);
    for (const event of shipment.events) expect(event.time).toMatch(/\+08:00$/);
    // Picked up 10 h before the sandbox start (2026-01-01T00:00Z = 08:00 in Hong Kong).
    expect(shipment.events.at(-1)?.time).toBe('2025-12-31T22:00:00+08:00');
  });

  it('advances a parcel with the clock', async () => {
    expect((await found(sf(OUT_FOR_DELIVERY))).status).toBe('out_for_delivery');
    await clock.advance(2 * HOUR_MS);
    expect((await found(sf(OUT_FOR_DELIVERY))).status).toBe('delivered');
  });

  it('takes the status from order_status while there is no courier event', async () => {
    const shipment = await found(sf(LABEL_ONLY));
    expect(shipment.events).toEqual([]);
    expect(shipment.status).toBe('info_received');
  });

  it.each([
    [SEED_PARCEL, 'in_transit'],
    [SEED_TRACKING_EXAMPLE, 'in_transit'],
    [LABEL_ONLY, 'info_received'],
    [PREPARING, 'info_received'],
    [DELIVERED, 'delivered'],
    [OUT_FOR_DELIVERY, 'out_for_delivery'],
    [RETURNED, 'exception'],
    [CROSS_BORDER, 'in_transit'],
    [LOCKER, 'available_for_pickup'],
    [STATION_PICKUP, 'available_for_pickup'],
    [FAILED_ATTEMPT, 'failed_attempt'],
    [CUSTOMS_HELD, 'exception'],
  ])('scripts %s as %s at start', async (parcel, status) => {
    expect((await found(sf(parcel))).status).toBe(status);
  });

  it('logs in again once after a 401, then gives up with auth_failed', async () => {
    await found();
    fuuffy.sandbox.faults.inject(
      { kind: 'status', status: 401, body: fixture('trackingGet.unauthorized') },
      onTracking,
    );
    const error = await fuuffy.adapter.track([sf(SEED_PARCEL)], CONTEXT).catch((e: unknown) => e);
    expect((error as CarrierError).code).toBe('auth_failed');
    const paths = fuuffy.sandbox.requests.map((r) => r.path);
    expect(paths.filter((p) => p === '/v1/auth/token')).toHaveLength(2);
    expect(paths.filter((p) => p.startsWith('/v1/tracking/get'))).toHaveLength(3);
  });

  it('answers not_allowed for another merchant’s order (403)', async () => {
    expect(await track(sf(OTHER_MERCHANT))).toEqual({ kind: 'not_found', reason: 'not_allowed' });
  });

  it('answers no_record for an unknown order id (ORDER_NOT_FOUND)', async () => {
    expect(await track(sf('9999999', true))).toEqual({ kind: 'not_found', reason: 'no_record' });
  });

  it('fails the number alone with invalid_number when Fuuffy refuses it', async () => {
    const outcome = await track(sf('AB12'));
    expect(outcome?.kind).toBe('failed');
    expect(outcome?.kind === 'failed' && outcome.error.code).toBe('invalid_number');
  });

  it('keeps the client secret and tokens out of errors and logs', async () => {
    await found();
    fuuffy.sandbox.revokeTokens();
    fuuffy.sandbox.rejectCredentials();
    const error = await fuuffy.adapter.track([sf(SEED_PARCEL)], CONTEXT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CarrierError);
    const told = `${String(error)} ${JSON.stringify(fuuffy.logs)}`;
    expect(told).not.toContain('sandbox-secret');
    expect(told).not.toContain('sandbox-token');
  });
});

describe('fuuffy adapter against enforced limits', () => {
  let fuuffy: FuuffyInstance;
  afterEach(async () => {
    await fuuffy.close();
  });

  it('turns X-RateLimit-Reset into retryAfterMs and logs a used-up window', async () => {
    const clock = createManualClock();
    fuuffy = await startFuuffy(clock, { perMinute: 2 });
    // Login and lookup fill the minute window; the success says Remaining: 0.
    await fuuffy.adapter.track([sf(SEED_PARCEL)], CONTEXT);
    expect(fuuffy.logs).toContainEqual(
      expect.objectContaining({ msg: 'fuuffy: rate limit window used up', limit: 2 }),
    );
    await clock.advance(10_000);
    const error = await fuuffy.adapter.track([sf(SEED_PARCEL)], CONTEXT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CarrierError);
    expect((error as CarrierError).code).toBe('rate_limited');
    expect(fuuffy.sandbox.refused).toBe(1);
    // The oldest request leaves the minute window 50 s from now (Reset is whole Unix seconds).
    expect((error as CarrierError).retryAfterMs).toBeGreaterThanOrEqual(50_000);
    expect((error as CarrierError).retryAfterMs).toBeLessThanOrEqual(51_000);
    await clock.advance(50_000);
    expect((await fuuffy.adapter.track([sf(SEED_PARCEL)], CONTEXT)).get(SEED_PARCEL)?.kind).toBe('found');
  });
});
