import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import { trackingmoreAdapter } from '../../src/carriers/trackingmore/index.js';
import {
  startTrackingmoreSandbox,
  type TrackingmoreSandbox,
} from '../../src/carriers/trackingmore/sandbox.js';
import { CHECK_DIGITS } from '../../src/detect/check-digits.js';
import type { TrackingNumber } from '../../src/domain/tracking-number.js';
import { createHttpClient, type HttpClient } from '../../src/http/http-client.js';
import { createLogger } from '../../src/logger.js';
import { counterStoreOn } from '../../src/queue/counter-store.js';
import { createTrackingQueue } from '../../src/queue/tracking-queue.js';
import { createManualClock, type ManualClock } from '../../src/time/manual-clock.js';
import { drive } from '../helpers/drive-clock.js';

/**
 * The TrackingMore lane against the TrackingMore sandbox, which counts realtime calls by arrival in any
 * 1-second window (refused ones included) and answers 429, then nothing for 120 s, past 3: a message
 * with 12 numbers must never set it off, however late calls reach it.
 */
const logger = createLogger({ level: 'silent', pretty: false });

function chinaPostNumbers(count: number): TrackingNumber[] {
  return Array.from({ length: count }, (_, i) => {
    const serial = String(20_000_000 + i).padStart(8, '0');
    const check = [...'0123456789'].find((c) => CHECK_DIGITS.s10(serial, c)) as string;
    return `LS${serial}${check}CN` as TrackingNumber;
  });
}

/** HTTP whose requests take `transitMs(n)` of the test clock to reach the server (the n-th request, from 0). */
function slowNetwork(clock: ManualClock, transitMs: (n: number) => number): HttpClient {
  const real = createHttpClient();
  let sent = 0;
  return {
    async request(req) {
      await clock.sleep(transitMs(sent++));
      return real.request(req);
    },
    close: () => real.close(),
  };
}

let sandbox: TrackingmoreSandbox | undefined;
let http: HttpClient | undefined;
afterEach(async () => {
  await http?.close();
  await sandbox?.close();
});

async function lookUpAll(
  clock: ManualClock,
  numbers: readonly TrackingNumber[],
  transitMs: (n: number) => number,
) {
  sandbox = await startTrackingmoreSandbox({ clock, enforceLimits: true });
  http = slowNetwork(clock, transitMs);
  const adapter = await trackingmoreAdapter.create(
    { apiKey: sandbox.apiKey, baseUrl: `${sandbox.url}/v2` },
    { http, clock, logger, cache: createMemoryCache(clock), requestTimeoutMs: 10_000 },
  );
  const queue = createTrackingQueue({
    adapters: [{ adapter, limits: trackingmoreAdapter.limits }],
    clock,
    random: () => 0.5,
    cache: createMemoryCache(clock),
    counters: counterStoreOn(createMemoryCache(clock)),
    logger,
  });
  const all = Promise.all(
    numbers.map((number) =>
      queue.lookup(
        'trackingmore',
        { number, carrier: 'china-post', courierCode: 'china-post' },
        { priority: 'background', locale: 'en' },
      ),
    ),
  );
  // Real loopback HTTP in between.
  await drive(clock, all, 10);
  return all;
}

describe('the TrackingMore lane against a server counting arrivals in any second', () => {
  it.each([
    ['the first calls reach it 30 ms late', (n: number) => (n < 3 ? 30 : 0)],
    ['every call is late by a different amount', (n: number) => (n * 37) % 250],
    ['every other call is 900 ms late', (n: number) => (n % 2 === 0 ? 900 : 0)],
  ])('gets no 429 for 12 numbers when %s', async (_what, transitMs) => {
    const clock = createManualClock();
    const outcomes = await lookUpAll(clock, chinaPostNumbers(12), transitMs);
    expect(outcomes.map((o) => o.kind)).toEqual(outcomes.map(() => 'not_found'));
    expect(sandbox?.rateLimited).toBe(0);
    const realtime = sandbox?.requests.filter((r) => r.path.endsWith('/trackings/realtime')) ?? [];
    expect(realtime).toHaveLength(12);
  });
});
