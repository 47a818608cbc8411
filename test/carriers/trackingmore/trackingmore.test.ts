import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryCache, type KeyValueCache } from '../../../src/cache/memory-cache.js';
import type { TrackContext } from '../../../src/carriers/adapter.js';
import { interpretDetect, interpretRealtime } from '../../../src/carriers/trackingmore/response.js';
import type { TrackingmoreSandbox } from '../../../src/carriers/trackingmore/sandbox.js';
import { trackingmoreSandboxEnv } from '../../../src/carriers/trackingmore/sandbox.js';
import {
  DHL_FAILED_ATTEMPT,
  FEDEX_OUT_FOR_DELIVERY,
  POSTNL_NEEDS_POSTAL_CODE,
  ROYAL_MAIL_EXCEPTION,
  SEED_PARCEL,
  TRACKINGMORE_SANDBOX_PARCELS,
  UPS_DELIVERED,
} from '../../../src/carriers/trackingmore/sandbox-parcels.js';
import { PAUSE_AFTER_429_MS } from '../../../src/carriers/trackingmore/waits.js';
import { CarrierError } from '../../../src/domain/carrier-error.js';
import type { TrackOutcome } from '../../../src/domain/outcome.js';
import type { Shipment } from '../../../src/domain/shipment.js';
import { createManualClock, type ManualClock } from '../../../src/time/manual-clock.js';
import { describeAdapterContract, type HarnessInstance } from '../adapter-contract.js';
import { itClassifiesEveryBrokenResponse } from '../response-fuzz.js';
import { fixture, NO_CACHE, type Running, request, startRunning } from './helpers.js';

const EN: TrackContext = { locale: 'en' };
const HOUR = 3_600_000;
const SEED = request(SEED_PARCEL.number, 'china-ems');
const sandboxOf = (instance: HarnessInstance) => instance.sandbox as TrackingmoreSandbox;

describeAdapterContract({
  name: 'trackingmore',
  // The contract asks for one number again and again to count calls and inject faults; the 2-hour
  // realtime cache would answer those from memory, so it is left out here and tested on its own below.
  setup: (clock) => startRunning(clock, { cache: NO_CACHE, sandbox: { enforceLimits: false } }),
  found: SEED,
  notFound: request('LX000000005CN', 'china-post'),
  fullBatch: [SEED],
  isTracking: (r) => r.path === '/v2/trackings/realtime',
  errors: [
    { name: 'the API key is refused', arrange: (i) => sandboxOf(i).rejectCredentials(), code: 'auth_failed' },
    {
      name: 'the balance is used up (4021)',
      arrange: (i) => sandboxOf(i).setBalance(0),
      code: 'quota_exhausted',
    },
    {
      name: 'TrackingMore answers 429',
      arrange: (i) =>
        i.sandbox.faults.inject(
          { kind: 'status', status: 429, body: JSON.parse(fixture('realtime.rate-limited')) },
          { times: 1 },
        ),
      code: 'rate_limited',
    },
  ],
});

const realtimeBodies = [
  'realtime.seed-two-legs',
  'realtime.same-scans-both-legs',
  'realtime.ready-for-pickup',
  'realtime.notfound',
  'realtime.expired',
  'realtime.invalid-number',
  'realtime.quota-exhausted',
].map(fixture);

describe('TrackingMore answers of any shape', () => {
  itClassifiesEveryBrokenResponse(
    (response) =>
      interpretRealtime(response, {
        request: SEED,
        courierCode: 'china-ems',
        fetchedAt: '2026-01-01T00:00:00.000Z',
      }),
    realtimeBodies,
    { outcomes: (outcome) => [outcome] },
  );
  itClassifiesEveryBrokenResponse(interpretDetect, ['detect.found', 'detect.undetectable'].map(fixture), {
    outcomes: (verdict) => (verdict.kind === 'outcome' ? [verdict.outcome] : []),
  });
});

describe('the TrackingMore adapter against its sandbox', () => {
  let clock: ManualClock;
  let running: Running;
  const realtimeCalls = () => running.sandbox.requests.filter((r) => r.path === '/v2/trackings/realtime');
  const detectCalls = () => running.sandbox.requests.filter((r) => r.path === '/v2/carriers/detect');
  const track = async (req = SEED, context = EN): Promise<TrackOutcome | undefined> =>
    (await running.adapter.track([req], context)).get(req.number);
  const shipment = async (req = SEED, context = EN): Promise<Shipment> => {
    const outcome = await track(req, context);
    if (outcome?.kind !== 'found') throw new Error(`expected found, got ${JSON.stringify(outcome)}`);
    return outcome.shipment;
  };
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error,
    );

  beforeEach(async () => {
    clock = createManualClock();
    running = await startRunning(clock, { cache: createMemoryCache(clock) });
  });
  afterEach(async () => {
    await running.close();
  });

  it('counts every realtime call as it arrives, refused ones too, in any second', async () => {
    // A number of its own each time: an answer is served from cache for 2 hours, not asked again.
    let asked = 0;
    const ask = () =>
      running.adapter.track([request(`LX00000${String(asked++).padStart(4, '0')}CN`, 'china-post')], EN).then(
        () => 'answered',
        (error: CarrierError) => error.code,
      );
    expect([await ask(), await ask(), await ask(), await ask()]).toEqual([
      'answered',
      'answered',
      'answered',
      'rate_limited',
    ]);
    await clock.advance(PAUSE_AFTER_429_MS - 500);
    expect(await ask()).toBe('rate_limited');
    await clock.advance(500);
    // The pause is over, but the call refused half a second ago still counts: two more make three.
    expect([await ask(), await ask(), await ask()]).toEqual(['answered', 'answered', 'rate_limited']);
    expect(running.sandbox.rateLimited).toBe(3);
  });

  it('counts fetches of a shipment within 2 hours of its last (CARRIERS.md: once per 2 hours)', async () => {
    const uncached = await startRunning(clock, { cache: NO_CACHE });
    try {
      const fetchSeed = async (afterMs: number) => {
        await clock.advance(afterMs);
        await uncached.adapter.track([SEED], EN);
      };
      await fetchSeed(0);
      await fetchSeed(2 * HOUR - 1000);
      expect(uncached.sandbox.repeats).toBe(1);
      await fetchSeed(2 * HOUR);
      await uncached.adapter.track([request(UPS_DELIVERED.number, 'ups')], EN);
      expect(uncached.sandbox.repeats).toBe(1);
    } finally {
      await uncached.close();
    }
  });

  it('keeps both legs of the seed parcel and merges them newest first', async () => {
    const found = await shipment();
    expect(found.legs?.map((leg) => [leg.role, leg.carrier])).toEqual([
      ['origin', 'china-ems'],
      ['destination', 'usps'],
    ]);
    const legEvents = (found.legs ?? []).flatMap((leg) => leg.events);
    expect(found.events).toHaveLength(legEvents.length);
    expect(new Set(found.events.map((e) => e.key))).toEqual(new Set(legEvents.map((e) => e.key)));
    const times = found.events.map((e) => Date.parse(e.time));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('reads origin times in China and destination times where each happened in the United States', async () => {
    const found = await shipment();
    const [origin, destination] = found.legs ?? [];
    // China EMS reports the arrival in the United States too: that one is in US time.
    for (const event of origin?.events ?? []) {
      const inUs = event.location?.text === 'United States';
      expect(event.timeZone).toBe(inUs ? 'America/New_York' : 'Asia/Shanghai');
      if (!inUs) expect(event.time).toMatch(/\+08:00$/);
    }
    expect(destination?.events[0]).toMatchObject({
      timeZone: 'America/Chicago',
      location: { text: 'DES MOINES IA NETWORK DISTRIBUTION CENTER' },
    });
    expect(destination?.events[0]?.time).toMatch(/-06:00$/);
    for (const event of destination?.events ?? []) {
      expect(['America/Chicago', 'America/Los_Angeles', 'America/New_York', 'Asia/Shanghai']).toContain(
        event.timeZone,
      );
    }
    // The scan "Arrived at USPS Regional Destination Facility" happens at the sandbox's start.
    expect(Date.parse(found.events[0]?.time ?? '')).toBe(clock.now());
    expect(found.origin?.text).toBe('China');
    expect(found.destination?.text).toBe('United States');
  });

  it('serves a found answer from cache for 2 hours, then asks again', async () => {
    await shipment();
    await clock.advance(2 * 3_600_000 - 1);
    await shipment();
    expect(realtimeCalls()).toHaveLength(1);
    await clock.advance(1);
    await shipment();
    expect(realtimeCalls()).toHaveLength(2);
  });

  it('serves a "no record yet" answer from cache for 2 hours too, then asks again', async () => {
    const unknown = request('LX000000005CN', 'china-post');
    expect((await track(unknown))?.kind).toBe('not_found');
    await clock.advance(2 * 3_600_000 - 1);
    expect((await track(unknown))?.kind).toBe('not_found');
    expect(realtimeCalls()).toHaveLength(1);
    await clock.advance(1);
    await track(unknown);
    expect(realtimeCalls()).toHaveLength(2);
  });

  it('asks for detection only without a courier code, and only once per number', async () => {
    await shipment(request(UPS_DELIVERED.number, 'ups'));
    expect(detectCalls()).toHaveLength(0);
    const undetected = request(FEDEX_OUT_FOR_DELIVERY.number);
    expect((await shipment(undetected)).status).toBe('out_for_delivery');
    await clock.advance(3 * 3_600_000);
    expect((await shipment(undetected)).status).toBe('out_for_delivery');
    expect(detectCalls()).toHaveLength(1);
    expect(realtimeCalls()).toHaveLength(3);
    expect(JSON.parse(realtimeCalls()[1]?.body ?? '{}')).toMatchObject({ carrier_code: 'fedex' });
  });

  it('fails the number as invalid_number when TrackingMore cannot detect its courier', async () => {
    const outcome = await track(request('ZZ12AB'));
    expect(outcome?.kind).toBe('failed');
    expect(outcome?.kind === 'failed' && outcome.error.code).toBe('invalid_number');
    await track(request('ZZ12AB'));
    expect(detectCalls()).toHaveLength(1);
  });

  it('answers rate_limited with a two-minute pause past 3 realtime calls a second', async () => {
    const numbers = [SEED, request(UPS_DELIVERED.number, 'ups'), request(DHL_FAILED_ATTEMPT.number, 'dhl')];
    for (const req of numbers) await shipment(req);
    const error = await failure(track(request(ROYAL_MAIL_EXCEPTION.number, 'royal-mail')));
    expect(error).toBeInstanceOf(CarrierError);
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterMs: 120_000 });
    await clock.advance(119_000);
    expect(await failure(track(request(ROYAL_MAIL_EXCEPTION.number, 'royal-mail')))).toMatchObject({
      code: 'rate_limited',
    });
    await clock.advance(1_000);
    expect((await shipment(request(ROYAL_MAIL_EXCEPTION.number, 'royal-mail'))).status).toBe('exception');
  });

  it('answers quota_exhausted when the balance runs out (4021)', async () => {
    running.sandbox.setBalance(1);
    await shipment();
    const error = await failure(track(request(UPS_DELIVERED.number, 'ups')));
    expect(error).toMatchObject({ code: 'quota_exhausted' });
    expect(String((error as Error).message)).not.toContain(running.sandbox.apiKey);
  });

  it('asks in Chinese for the Chinese locales and in English otherwise', async () => {
    const chinese = await shipment(SEED, { locale: 'zh-HK' });
    expect(chinese.legs?.[0]?.events.at(-1)?.location?.text).toBe('郑州市');
    expect(JSON.parse(realtimeCalls()[0]?.body ?? '{}')).toMatchObject({ lang: 'cn' });
    await clock.advance(2 * 3_600_000);
    const english = await shipment(SEED, EN);
    expect(english.legs?.[0]?.events.at(-1)?.location?.text).toBe('Zhengzhou');
    expect(JSON.parse(realtimeCalls()[1]?.body ?? '{}')).toMatchObject({ lang: 'en' });
  });

  it('sends the extra fields a courier needs, and says so when they are missing (4012)', async () => {
    const bare = await track(request(POSTNL_NEEDS_POSTAL_CODE.number, 'postnl-parcels'));
    expect(bare?.kind === 'failed' && bare.error.code).toBe('invalid_number');
    expect(bare?.kind === 'failed' && bare.error.message).toMatch(/postal code/);
    const withCode = request(POSTNL_NEEDS_POSTAL_CODE.number, 'postnl-parcels', {
      postalCode: '3431AB',
      destinationCountry: 'NL',
      shipDate: '20260101',
    });
    expect((await shipment(withCode)).status).toBe('in_transit');
    expect(JSON.parse(realtimeCalls()[1]?.body ?? '{}')).toMatchObject({
      tracking_postal_code: '3431AB',
      destination_code: 'NL',
      tracking_ship_date: '20260101',
    });
  });

  it('refuses an unknown courier code per number (4015)', async () => {
    const outcome = await track(request(SEED_PARCEL.number, 'no-such-courier'));
    expect(outcome?.kind === 'failed' && outcome.error.code).toBe('invalid_number');
    expect(outcome?.kind === 'failed' && outcome.error.message).toContain('no-such-courier');
  });

  it('moves a parcel along its timeline as the clock advances', async () => {
    const fedex = request(FEDEX_OUT_FOR_DELIVERY.number, 'fedex');
    expect((await shipment(fedex)).status).toBe('out_for_delivery');
    await clock.advance(4 * 3_600_000);
    expect((await shipment(fedex)).status).toBe('delivered');
  });

  it('reports the seed parcel’s expected delivery as a day in the United States, brought forward after 6 hours', async () => {
    const before = (await shipment()).estimatedDelivery;
    expect(before?.from).toMatch(/T00:00:00-0[45]:00$/);
    expect(Date.parse(before?.to ?? '') - Date.parse(before?.from ?? '')).toBe(24 * 3_600_000);
    await clock.advance(6 * 3_600_000);
    const after = (await shipment()).estimatedDelivery;
    expect(Date.parse(before?.from ?? '') - Date.parse(after?.from ?? '')).toBe(24 * 3_600_000);
  });

  it('finds a cached answer stale by its own clock, whatever the cache’s own expiry says', async () => {
    await running.close();
    const forever: KeyValueCache = createMemoryCache(createManualClock());
    running = await startRunning(clock, { cache: forever });
    await shipment();
    await clock.advance(2 * 3_600_000);
    await shipment();
    expect(realtimeCalls()).toHaveLength(2);
  });

  it('scripts a parcel for every status, through the adapter', async () => {
    const seen = new Set<string>();
    for (const parcel of TRACKINGMORE_SANDBOX_PARCELS) {
      await clock.advance(1_000);
      const req = request(parcel.number, parcel.courier, { postalCode: '3431AB' });
      const outcome = await track(req);
      if (outcome?.kind === 'found') seen.add(outcome.shipment.status);
      if (outcome?.kind === 'not_found') seen.add(`not_found:${outcome.reason}`);
    }
    expect([...seen].sort()).toEqual([
      'available_for_pickup',
      'delivered',
      'exception',
      'failed_attempt',
      'in_transit',
      'not_found:expired',
      'not_found:no_record',
      'out_for_delivery',
      'pending',
    ]);
  });

  it('tells postie sandbox where the API is and which key to use', () => {
    expect(trackingmoreSandboxEnv(running.sandbox)).toEqual({
      TRACKINGMORE_BASE_URL: `${running.sandbox.url}/v2`,
      TRACKINGMORE_API_KEY: 'sandbox-key',
    });
  });
});
