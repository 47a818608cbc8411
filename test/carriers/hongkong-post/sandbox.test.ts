import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUTHENTICATE_PATH, MAIL_TRACKING_PATH } from '../../../src/carriers/hongkong-post/client.js';
import {
  type HongkongPostSandbox,
  hongkongPostSandboxEnv,
  SANDBOX_SYS_ID,
  SANDBOX_SYS_SECRET,
  startHongkongPostSandbox,
} from '../../../src/carriers/hongkong-post/sandbox.js';
import { BULK_NUMBERS, SEED_DELIVERED } from '../../../src/carriers/hongkong-post/sandbox-parcels.js';
import { createHttpClient, type HttpClient } from '../../../src/http/http-client.js';
import { createManualClock, type ManualClock } from '../../../src/time/manual-clock.js';

/** The fields these tests read from the sandbox's answers. */
interface VendorAnswer {
  readonly status?: number;
  readonly id_token?: string;
  readonly expiry?: number;
  readonly itemCount?: number;
  readonly deliveryResultList?: readonly Record<string, unknown>[];
}

/** The sandbox on its own: it must refuse what seed 000 says Hongkong Post refuses. */
describe('the Hongkong Post sandbox', () => {
  let clock: ManualClock;
  let sandbox: HongkongPostSandbox;
  let http: HttpClient;

  beforeEach(async () => {
    clock = createManualClock();
    sandbox = await startHongkongPostSandbox({ clock });
    http = createHttpClient();
  });
  afterEach(async () => {
    await http.close();
    await sandbox.close();
  });

  const post = async (path: string, body: string, token?: string) => {
    const answer = await http.request({
      method: 'POST',
      url: `${sandbox.baseUrl}${path}`,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
      timeoutMs: 2000,
    });
    return JSON.parse(answer.body) as VendorAnswer;
  };
  const login = async (sysSecret = SANDBOX_SYS_SECRET) =>
    post(AUTHENTICATE_PATH, JSON.stringify({ sysId: SANDBOX_SYS_ID, sysSecret }));
  const track = async (body: unknown, token: string) =>
    post(MAIL_TRACKING_PATH, typeof body === 'string' ? body : JSON.stringify(body), token);
  const tokenOf = async () => String((await login()).id_token);

  it('issues a token valid for 15 minutes by its clock', async () => {
    const answer = await login();
    expect(answer).toEqual({ id_token: expect.any(String), expiry: Math.floor(clock.now() / 1000) + 900 });
    const token = String(answer.id_token);
    expect((await track({ lang: 'E', itemNo: [SEED_DELIVERED] }, token)).status).toBe(0);
    await clock.advance(15 * 60_000);
    expect((await track({ lang: 'E', itemNo: [SEED_DELIVERED] }, token)).status).toBe(9992);
  });

  it('refuses wrong credentials and unknown tokens with 9992', async () => {
    expect((await login('wrong')).status).toBe(9992);
    expect((await track({ lang: 'E', itemNo: [SEED_DELIVERED] }, 'made-up')).status).toBe(9992);
  });

  it.each([
    ['a body that is not JSON', 'lang=E', 9993],
    ['a body without itemNo', { lang: 'E' }, 9993],
    ['an unknown language', { lang: 'X', itemNo: [SEED_DELIVERED] }, 9996],
    ['an empty item array', { lang: 'E', itemNo: [] }, 9997],
    ['more than 30 items', { lang: 'E', itemNo: [...BULK_NUMBERS, SEED_DELIVERED] }, 9995],
    ['an item number that is not a string', { lang: 'E', itemNo: [14] }, 9998],
  ])('answers %s with %i', async (_what, body, status) => {
    expect((await track(body, await tokenOf())).status).toBe(status);
  });

  it('answers a full request of 30 items and fills only the asked language', async () => {
    const answer = await track({ lang: 'S', itemNo: BULK_NUMBERS }, await tokenOf());
    expect(answer).toMatchObject({ status: 0, itemCount: 30 });
    const [item] = answer.deliveryResultList ?? [];
    expect(item).toMatchObject({
      milestone_e: '',
      milestone_c: '',
      milestone_s: '已成功派递',
      orgCnty_code: 'HK',
    });
  });

  it('refuses tracking requests closer than 100 ms (9991) and beyond the daily limit (9994), and counts them', async () => {
    const token = await tokenOf();
    sandbox.setDailyLimit(2);
    const ask = () => track({ lang: 'E', itemNo: [SEED_DELIVERED] }, token);
    expect((await ask()).status).toBe(0);
    await clock.advance(99);
    expect((await ask()).status).toBe(9991);
    expect(sandbox.refused).toBe(1);
    await clock.advance(1);
    expect((await ask()).status).toBe(0);
    await clock.advance(100);
    expect((await ask()).status).toBe(9994);
    expect(sandbox.refused).toBe(2);
    sandbox.setEnforceLimits(false);
    expect((await ask()).status).toBe(0);
    expect(sandbox.refused).toBe(2);
  });

  it('points Postie at itself through the environment', () => {
    expect(hongkongPostSandboxEnv(sandbox)).toEqual({
      HKPOST_BASE_URL: `${sandbox.url}/mailTrackingAPI`,
      HKPOST_SYS_ID: 'sandbox-id',
      HKPOST_SYS_SECRET: 'sandbox-secret',
    });
  });
});
