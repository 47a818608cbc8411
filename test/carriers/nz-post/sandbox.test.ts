import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  NZPOST_SANDBOX_NUMBERS as N,
  type NzPostSandbox,
  nzPostSandboxEnv,
  startNzPostSandbox,
} from '../../../src/carriers/nz-post/sandbox.js';
import { CarrierError } from '../../../src/domain/carrier-error.js';
import { createHttpClient, type HttpClient, type HttpResponse } from '../../../src/http/http-client.js';
import { createManualClock, type ManualClock } from '../../../src/time/manual-clock.js';
import { nzRequest, type Rig, startRig } from './helpers.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const LOGIN = 'grant_type=client_credentials&client_id=sandbox-client&client_secret=sandbox-secret';

describe('NZ Post sandbox', () => {
  let clock: ManualClock;
  let sandbox: NzPostSandbox;
  let http: HttpClient;

  const post = (body: string) =>
    http.request({
      method: 'POST',
      url: `${sandbox.url}/as/token.oauth2`,
      headers: FORM,
      body,
      timeoutMs: 2000,
    });
  const token = async () => (JSON.parse((await post(LOGIN)).body) as { access_token: string }).access_token;
  const parcel = (reference: string, headers: Record<string, string>) =>
    http.request({
      method: 'GET',
      url: `${sandbox.url}/parceltrack/3.0/parcels/${reference}`,
      headers,
      timeoutMs: 2000,
    });
  const errorCode = (response: HttpResponse) =>
    (JSON.parse(response.body) as { errors: { code: string }[] }).errors[0]?.code;

  beforeEach(async () => {
    clock = createManualClock();
    sandbox = await startNzPostSandbox({ clock, enforceLimits: false });
    http = createHttpClient();
  });
  afterEach(async () => {
    await http.close();
    await sandbox.close();
  });

  it('points Postie at itself through the NZPOST_* variables', () => {
    expect(nzPostSandboxEnv(sandbox)).toEqual({
      NZPOST_AUTH_URL: `${sandbox.url}/as/token.oauth2`,
      NZPOST_BASE_URL: `${sandbox.url}/parceltrack/3.0`,
      NZPOST_CLIENT_ID: 'sandbox-client',
      NZPOST_CLIENT_SECRET: 'sandbox-secret',
    });
  });

  it('issues hour-long tokens for the sandbox credentials only', async () => {
    const ok = await post(LOGIN);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect((await post(LOGIN.replace('sandbox-secret', 'guess'))).status).toBe(401);
    expect((await post(LOGIN.replace('client_credentials', 'password'))).status).toBe(400);
  });

  it('refuses a call without the client_id header, with a stranger’s, or with an expired token (401001)', async () => {
    const bearer = `Bearer ${await token()}`;
    expect((await parcel(N.seedRequest, { authorization: bearer, client_id: 'sandbox-client' })).status).toBe(
      200,
    );
    const noClientId = await parcel(N.seedRequest, { authorization: bearer });
    expect([noClientId.status, errorCode(noClientId)]).toEqual([401, '401001']);
    expect((await parcel(N.seedRequest, { authorization: bearer, client_id: 'someone-else' })).status).toBe(
      401,
    );
    await clock.advance(3600 * 1000);
    const expired = await parcel(N.seedRequest, { authorization: bearer, client_id: 'sandbox-client' });
    expect([expired.status, errorCode(expired)]).toEqual([401, '401001']);
  });

  it('answers 400001 without a reference, 400002 for a malformed one, and 404 off the API', async () => {
    const headers = { authorization: `Bearer ${await token()}`, client_id: 'sandbox-client' };
    const missing = await parcel('', headers);
    expect([missing.status, errorCode(missing)]).toEqual([400, '400001']);
    const refused = await parcel(N.refused, headers);
    expect([refused.status, errorCode(refused)]).toEqual([400, '400002']);
    const elsewhere = await http.request({
      method: 'GET',
      url: `${sandbox.url}/parceltrack/2.0/x`,
      headers,
      timeoutMs: 2000,
    });
    expect(elsewhere.status).toBe(404);
  });

  it('sends the seed sample event verbatim, signed_by included in the raw payload', async () => {
    const response = await parcel(N.seedOutForDelivery, {
      authorization: `Bearer ${await token()}`,
      client_id: 'sandbox-client',
    });
    const doc = JSON.parse(response.body) as { results: { tracking_events: Record<string, unknown>[] } };
    expect(doc.results.tracking_events.at(-1)).toMatchObject({
      tracking_reference: '00894210379306766768',
      source: 'CME',
      seqref: '7061187316',
      status_description: 'With courier for delivery',
      pbu: '082392',
      event_datetime: '2024-06-07T08:33:32',
      signed_by: { name: '', signature: '' },
      event_edifact_code: '32',
      est_delivery_window_start: '08:45:00',
      est_delivery_window_end: '12:45:00',
    });
  });
});

describe('NZ Post sandbox rate limit (15 calls a second, queued, 504 after the queue timeout)', () => {
  let clock: ManualClock;
  let rig: Rig;

  beforeEach(() => {
    clock = createManualClock();
  });
  afterEach(async () => {
    await rig.close();
  });

  const burst = (count: number) =>
    Promise.all(
      Array.from({ length: count }, () =>
        rig.adapter.track([nzRequest(N.seedPickedUp)], { locale: 'en' }).then(
          () => 'found',
          (e: unknown) => (e instanceof CarrierError ? e.code : 'crash'),
        ),
      ),
    );

  it('times out the sixteenth call of a second in its queue, which the adapter reports as unavailable', async () => {
    rig = await startRig(clock, { enforceLimits: true, queueTimeoutMs: 100 });
    const results = await burst(16);
    expect(results.filter((r) => r === 'found')).toHaveLength(15);
    expect(results.filter((r) => r === 'unavailable')).toHaveLength(1);
    expect({ queued: rig.sandbox.queued, refused: rig.sandbox.refused }).toEqual({ queued: 1, refused: 1 });
  });

  it('serves a queued call once the second has passed', async () => {
    rig = await startRig(clock, { enforceLimits: true, queueTimeoutMs: 1000 });
    const pending = burst(16);
    while (rig.sandbox.requests.filter((r) => r.path.includes('/parcels/')).length < 16) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await clock.advance(1000);
    expect(await pending).toEqual(Array.from({ length: 16 }, () => 'found'));
    expect({ queued: rig.sandbox.queued, refused: rig.sandbox.refused }).toEqual({ queued: 1, refused: 0 });
  });

  it('lets tests switch enforcement off', async () => {
    rig = await startRig(clock, { enforceLimits: true, queueTimeoutMs: 50 });
    rig.sandbox.setEnforceLimits(false);
    expect(new Set(await burst(20))).toEqual(new Set(['found']));
  });
});
