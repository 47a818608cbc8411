import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import type { CarrierAdapter, LaneLimits } from '../../src/carriers/adapter.js';
import type { TrackOutcome } from '../../src/domain/outcome.js';
import { StoreUnavailableError } from '../../src/domain/store-unavailable.js';
import type { TrackingNumber } from '../../src/domain/tracking-number.js';
import { counterStoreOn } from '../../src/queue/counter-store.js';
import { createTrackingQueue } from '../../src/queue/tracking-queue.js';
import { openStoreBackend } from '../../src/store/open-store-backend.js';
import { REDIS_RECONNECT } from '../../src/store/redis-connection.js';
import type { StoreBackend } from '../../src/store/store-backend.js';
import { createManualClock } from '../../src/time/manual-clock.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { type RedisServer, startRedisServer } from '../helpers/redis-server.js';

/**
 * A lane whose quota counts, or whose adapter's cache, live on Redis (a server of the test's own), taken
 * away and brought back: lookups fail as "the store is away", never as the carrier's failure, never
 * by crashing the process or hanging, and the lane works again once the store is back.
 */
const GUARD = { timeout: 10_000 };
const NUMBER = 'RB000000014HK' as TrackingNumber;
const LIMITS: LaneLimits = {
  concurrency: 1,
  batchSize: 1,
  batchWindowMs: 0,
  requestTimeoutMs: 1000,
  cacheTtlMs: 0,
  dailyQuota: { limit: 100, timeZone: 'Asia/Hong_Kong' },
  rollingDayQuota: 100,
};

const open: { backend: StoreBackend; server: RedisServer }[] = [];
afterEach(async () => {
  for (const { backend, server } of open.splice(0)) {
    await backend.close();
    await server.stop();
  }
});

async function outage() {
  const server = await startRedisServer({ keepData: true });
  const retryClock = createManualClock();
  const backend = await openStoreBackend(server.url, { retryClock });
  open.push({ backend, server });
  const back = async () => {
    await server.start();
    // Each look moves the retry clock on: a reconnection still failing when the server came back is tried again.
    await expect
      .poll(async () => {
        await retryClock.advance(REDIS_RECONNECT.maxMs);
        return backend.state;
      }, GUARD)
      .toBe('ready');
  };
  return { server, backend, back };
}

/** An adapter that answers `found`, first reading `read` (a cache on the store, as TrackingMore's is). */
function carrier(read: () => Promise<unknown> = async () => undefined) {
  const asked: string[] = [];
  const adapter: CarrierAdapter = {
    id: 'hongkong-post',
    async track(requests) {
      await read();
      asked.push(...requests.map((r) => r.number));
      return new Map(
        requests.map((r): [string, TrackOutcome] => [
          r.number,
          {
            kind: 'found',
            shipment: {
              number: r.number,
              carrier: r.carrier,
              adapter: 'hongkong-post',
              status: 'in_transit',
              events: [],
              fetchedAt: new Date(0).toISOString(),
            },
          },
        ]),
      );
    },
  };
  return { adapter, asked };
}

function queueOf(adapter: CarrierAdapter, counters: StoreBackend['counters']) {
  const clock = createManualClock();
  const { logger } = captureLogger('warn');
  return createTrackingQueue({
    adapters: [{ adapter, limits: LIMITS }],
    clock,
    random: () => 0.5,
    cache: createMemoryCache(clock),
    counters,
    logger,
  });
}

const lookup = (queue: ReturnType<typeof queueOf>) =>
  queue.lookup(
    'hongkong-post',
    { number: NUMBER, carrier: 'hongkong-post' },
    { priority: 'interactive', locale: 'en' },
  );

describe('fault: the store goes away under a carrier lane', () => {
  it('fails lookups as "the store is away" while it cannot count the quota, and works again when it is back', async () => {
    const { server, backend, back } = await outage();
    const { adapter, asked } = carrier();
    const queue = queueOf(adapter, backend.counters);
    expect((await lookup(queue)).kind).toBe('found');

    await server.stop();
    // Not asked uncounted, and not held: the lookup fails at once, and so does the next.
    await expect(lookup(queue)).rejects.toThrow(StoreUnavailableError);
    await expect(lookup(queue)).rejects.toThrow(StoreUnavailableError);
    expect(asked).toEqual([NUMBER]);

    await back();
    expect((await lookup(queue)).kind).toBe('found');
    expect(asked).toEqual([NUMBER, NUMBER]);
    expect(
      await backend.counters.get(`quota:hongkong-post:hour:${Math.floor(Date.UTC(2026, 0, 1) / 3_600_000)}`),
    ).toBe(2);
  });

  it('fails a lookup whose adapter could not read its cache as "the store is away", not as the carrier failing', async () => {
    const { server, backend, back } = await outage();
    const cache = backend.namespace('carrier-cache');
    const { adapter } = carrier(() => cache.get('trackingmore:detect:x'));
    const queue = queueOf(adapter, counterStoreOn(createMemoryCache(createManualClock())));
    await server.stop();
    await expect(lookup(queue)).rejects.toThrow(StoreUnavailableError);
    // No breaker tripped on the carrier's account: it answers as soon as the store is back.
    await back();
    expect((await lookup(queue)).kind).toBe('found');
  });
});
