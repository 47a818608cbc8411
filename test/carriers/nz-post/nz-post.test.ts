import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TrackContext } from '../../../src/carriers/adapter.js';
import { nzPostAdapter } from '../../../src/carriers/nz-post/index.js';
import { interpretParcelResponse } from '../../../src/carriers/nz-post/response.js';
import { NZPOST_SANDBOX_NUMBERS as N, type NzPostSandbox } from '../../../src/carriers/nz-post/sandbox.js';
import { routesFor } from '../../../src/carriers/routing.js';
import { HOUR_MS } from '../../../src/carriers/sandbox-kit/timeline.js';
import { CarrierError, type CarrierErrorCode } from '../../../src/domain/carrier-error.js';
import type { TrackOutcome } from '../../../src/domain/outcome.js';
import type { Shipment } from '../../../src/domain/shipment.js';
import { createManualClock, type ManualClock } from '../../../src/time/manual-clock.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { type ContractHarness, describeAdapterContract, type HarnessInstance } from '../adapter-contract.js';
import { itClassifiesEveryBrokenResponse } from '../response-fuzz.js';
import {
  fixture,
  fixtureNames,
  isLogin,
  isTracking,
  nzRequest,
  question,
  type Rig,
  startRig,
} from './helpers.js';

const CONTEXT: TrackContext = { locale: 'en' };

/** NZ Post's error envelope for a whole-call failure injected in front of the tracking path. */
const envelope = (code: string, message: string) => ({
  success: false,
  errors: [{ code, message, details: message }],
  message_id: 'ec608f40-2a8b-11e5-a9c0-025c481d35ef',
});
const onTracking = { path: '/parcels/' };

/** A contract error case: every tracking call answers `status` with NZ Post error `code`. */
function injected(name: string, status: number, code: string, expected: CarrierErrorCode) {
  return {
    name,
    code: expected,
    arrange: (instance: HarnessInstance) =>
      instance.sandbox.faults.inject({ kind: 'status', status, body: envelope(code, name) }, onTracking),
  };
}

let current: NzPostSandbox | undefined;
const sandboxOf = (): NzPostSandbox => {
  if (!current) throw new Error('no sandbox running');
  return current;
};

const harness: ContractHarness = {
  name: 'nz-post',
  async setup(clock) {
    const rig = await startRig(clock);
    current = rig.sandbox;
    return rig;
  },
  found: nzRequest(N.seedPickedUp),
  notFound: nzRequest(N.notFound),
  fullBatch: [nzRequest(N.seedRequest, 'courierpost')],
  isTracking: (request) => isTracking(request.path),
  login: {
    isLogin: (request) => isLogin(request.path),
    tokenLifetimeMs: 3600 * 1000,
    revokeTokens: () => sandboxOf().revokeTokens(),
    rejectCredentials: () => sandboxOf().rejectCredentials(),
  },
  errors: [
    injected('500001 general exception', 500, '500001', 'unavailable'),
    injected('500002 systems offline', 500, '500002', 'unavailable'),
    injected('400001 parameters missing', 400, '400001', 'bad_response'),
    injected('400003 non mutually exclusive parameters', 400, '400003', 'bad_response'),
    injected('401001 even after a fresh login', 401, '401001', 'auth_failed'),
    injected('403 forbidden', 403, '403001', 'auth_failed'),
    injected('409 invalid request', 409, '409001', 'bad_response'),
    injected('the queue timing out (504)', 504, '500001', 'unavailable'),
  ],
};

describeAdapterContract(harness);

describe('nz-post response interpreter', () => {
  const bodies = fixtureNames()
    .filter((name) => name.startsWith('parcels.'))
    .map(fixture);
  itClassifiesEveryBrokenResponse(
    (response) => interpretParcelResponse(response, question(N.seedOutForDelivery)),
    bodies,
    { outcomes: (parcel) => [parcel.outcome] },
  );
});

describe('nz-post adapter against its sandbox', () => {
  let clock: ManualClock;
  let rig: Rig;
  const track = async (written: string): Promise<TrackOutcome | undefined> =>
    (await rig.adapter.track([nzRequest(written)], CONTEXT)).get(written);
  const shipmentOf = async (written: string): Promise<Shipment> => {
    const outcome = await track(written);
    if (outcome?.kind !== 'found') throw new Error(`${written}: ${outcome?.kind}`);
    return outcome.shipment;
  };

  beforeEach(async () => {
    clock = createManualClock();
    rig = await startRig(clock);
  });
  afterEach(async () => {
    await rig.close();
  });

  it('declares its limits as data: 12 calls a second, one reference a call, timeout past 60 s', () => {
    expect(routesFor('courierpost')[0]).toEqual({ adapter: 'nz-post' });
    expect(nzPostAdapter.limits).toMatchObject({
      windows: [{ limit: 12, windowMs: 1000 }],
      concurrency: 4,
      batchSize: 1,
      batchWindowMs: 0,
      requestTimeoutMs: 65_000,
      cacheTtlMs: 300_000,
    });
  });

  it('sends the client_id header and the bearer token on every call, and logs in form-encoded', async () => {
    await track(N.seedPickedUp);
    await track(N.deliveredSigned);
    await clock.advance(3600 * 1000);
    await track(N.international);
    const calls = rig.sandbox.requests.filter((r) => isTracking(r.path));
    expect(calls).toHaveLength(3);
    for (const call of calls) {
      const { client_id: clientId, authorization } = call.headers;
      expect(clientId).toBe('sandbox-client');
      expect(authorization).toMatch(/^Bearer \S+$/);
    }
    const logins = rig.sandbox.requests.filter((r) => isLogin(r.path));
    expect(logins).toHaveLength(2);
    for (const login of logins) {
      expect(login.method).toBe('POST');
      expect(login.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(Object.fromEntries(new URLSearchParams(login.body))).toEqual({
        grant_type: 'client_credentials',
        client_id: 'sandbox-client',
        client_secret: 'sandbox-secret',
      });
    }
  });

  it('URL-encodes the reference into the path', async () => {
    await track(N.seedRequest);
    expect(rig.sandbox.requests.filter((r) => isTracking(r.path)).map((r) => r.path)).toEqual([
      '/parceltrack/3.0/parcels/JP100000271NZ',
    ]);
  });

  it('reads NZ wall times in Pacific/Auckland across the start of daylight saving', async () => {
    const shipment = await shipmentOf(N.daylightSaving);
    expect(shipment.events.map((e) => e.time)).toEqual([
      '2025-09-29T11:20:02+13:00',
      '2025-09-29T07:55:31+13:00',
      '2025-09-28T04:10:00+13:00',
      '2025-09-27T21:05:44+12:00',
      '2025-09-26T15:42:10+12:00',
    ]);
    expect(new Set(shipment.events.map((e) => e.timeZone))).toEqual(new Set(['Pacific/Auckland']));
    expect(shipment.status).toBe('delivered');
    expect(shipment.estimatedDelivery).toBeUndefined();
  });

  it("keeps the seed parcel's delivery window as instants on the day it went out", async () => {
    const shipment = await shipmentOf(N.seedOutForDelivery);
    expect(shipment.status).toBe('out_for_delivery');
    expect(shipment.events[0]?.vendorCode).toBe('32');
    expect(shipment.estimatedDelivery).toEqual({
      from: '2024-06-07T08:45:00+12:00',
      to: '2024-06-07T12:45:00+12:00',
    });
  });

  it('moves a parcel along its timeline with the clock: out for delivery, its window revised, then delivered', async () => {
    expect((await shipmentOf(N.seedRequest)).status).toBe('in_transit');
    await clock.advance(1 * HOUR_MS);
    const out = await shipmentOf(N.seedRequest);
    expect(out.status).toBe('out_for_delivery');
    expect(out.estimatedDelivery?.from).toMatch(/\+13:00$/);
    await clock.advance(1 * HOUR_MS);
    // NZ Post moves the window an hour on, on the same scan: the same events, a later estimate.
    const revised = await shipmentOf(N.seedRequest);
    expect(revised.events.map((e) => e.key)).toEqual(out.events.map((e) => e.key));
    expect(
      Date.parse(revised.estimatedDelivery?.from ?? '') - Date.parse(out.estimatedDelivery?.from ?? ''),
    ).toBe(HOUR_MS);
    await clock.advance(3 * HOUR_MS);
    const delivered = await shipmentOf(N.seedRequest);
    expect(delivered.status).toBe('delivered');
    expect(delivered.carrier).toBe('courierpost');
    expect(delivered.service).toBe('Overnight');
    expect(delivered.estimatedDelivery).toBeUndefined();
  });

  it('never keeps the signer’s name or signature, not even inside event text', async () => {
    await clock.advance(5 * HOUR_MS);
    for (const number of [N.seedRequest, N.deliveredSigned]) {
      const shipment = await shipmentOf(number);
      expect(shipment.status).toBe('delivered');
      const kept = JSON.stringify(shipment);
      for (const secret of [
        'Lee Child',
        'Lee',
        'Child',
        'Aroha',
        'Ngata',
        'ec608f40',
        'iVBORw0KGgo',
        'signed_by',
      ]) {
        expect(kept).not.toContain(secret);
      }
    }
  });

  it('gives the same event keys although message_id and message_datetime change on every call', async () => {
    const raw = async () => {
      const { authorization = '' } = rig.sandbox.requests.find((r) => isTracking(r.path))?.headers ?? {};
      const response = await rig.http.request({
        method: 'GET',
        url: `${rig.sandbox.url}/parceltrack/3.0/parcels/${N.seedPickedUp}`,
        headers: {
          authorization,
          client_id: 'sandbox-client',
        },
        timeoutMs: 1000,
      });
      return JSON.parse(response.body) as { results: { message_id: string; message_datetime: string } };
    };
    const first = await shipmentOf(N.seedPickedUp);
    const [a, b] = [await raw(), await raw()];
    expect(a.results.message_id).not.toBe(b.results.message_id);
    await clock.advance(1000);
    const second = await shipmentOf(N.seedPickedUp);
    expect(second.events.map((e) => e.key)).toEqual(first.events.map((e) => e.key));
  });

  it('answers not_found for a label with no scans yet, and found once it is picked up', async () => {
    expect(await track(N.labelOnly)).toEqual({ kind: 'not_found', reason: 'no_record' });
    await clock.advance(2 * HOUR_MS);
    expect((await shipmentOf(N.labelOnly)).status).toBe('in_transit');
  });

  it('fails only the refused number with invalid_number (400002), without throwing', async () => {
    const outcome = await track(N.refused);
    expect(outcome?.kind).toBe('failed');
    const error = outcome?.kind === 'failed' ? outcome.error : undefined;
    expect(error).toBeInstanceOf(CarrierError);
    expect(error?.code).toBe('invalid_number');
  });

  it('logs in again once after a 401, then gives up with auth_failed', async () => {
    await track(N.seedPickedUp);
    rig.sandbox.faults.inject(
      { kind: 'status', status: 401, body: envelope('401001', 'Unauthorised access') },
      { ...onTracking, times: 2 },
    );
    const error = await rig.adapter.track([nzRequest(N.seedPickedUp)], CONTEXT).catch((e: unknown) => e);
    expect((error as CarrierError).code).toBe('auth_failed');
    expect(rig.sandbox.requests.filter((r) => isLogin(r.path))).toHaveLength(2);
    expect(rig.sandbox.requests.filter((r) => isTracking(r.path))).toHaveLength(3);
  });

  it('logs a partial answer (200001) as a warning and still shows the parcel', async () => {
    const { logger, lines } = captureLogger();
    const logged = await startRig(clock, { logger });
    try {
      const outcome = (await logged.adapter.track([nzRequest(N.partialResults)], CONTEXT)).get(
        N.partialResults,
      );
      expect(outcome?.kind).toBe('found');
      expect(lines).toContainEqual(
        expect.objectContaining({
          level: 40,
          adapter: 'nz-post',
          errorCode: '200001',
          number: N.partialResults,
        }),
      );
      expect(JSON.stringify(lines)).not.toContain('sandbox-secret');
    } finally {
      await logged.close();
    }
  });
});
