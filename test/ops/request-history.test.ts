import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CarrierAdapter } from '../../src/carriers/adapter.js';
import { observeAdapter } from '../../src/ops/observed-carriers.js';
import { createRequestHistory } from '../../src/ops/request-history.js';
import type { Telemetry } from '../../src/ops/telemetry.js';
import type { CounterStore } from '../../src/queue/counter-store.js';
import { createQuota } from '../../src/queue/quota.js';
import { openStoreBackend } from '../../src/store/open-store-backend.js';
import type { StoreBackend } from '../../src/store/store-backend.js';
import { createManualClock } from '../../src/time/manual-clock.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { type RedisServer, startRedisServer } from '../helpers/redis-server.js';

const HOUR = 3_600_000;
/** 2026-12-06 10:20 UTC: 18:20 in Hong Kong. */
const START = Date.UTC(2026, 11, 6, 10, 20);

const folder = mkdtempSync(join(tmpdir(), 'postie-history-'));
const opened: StoreBackend[] = [];
let redis: RedisServer | undefined;
afterEach(async () => {
  await Promise.all(opened.splice(0).map((b) => b.close()));
  await redis?.stop();
  redis = undefined;
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function open(url: string): Promise<StoreBackend> {
  const backend = await openStoreBackend(url);
  opened.push(backend);
  await backend.ready();
  return backend;
}

describe('the status page request history', () => {
  it('counts every instance sharing a Redis into one chart', async () => {
    redis = await startRedisServer();
    const clock = createManualClock(START);
    const { logger } = captureLogger('debug');
    const a = createRequestHistory({ counters: (await open(redis.url)).counters, clock, logger });
    const b = createRequestHistory({ counters: (await open(redis.url)).counters, clock, logger });
    a.request('hongkong-post');
    b.request('hongkong-post');
    b.request('hongkong-post');
    clock.advance(HOUR);
    a.request('hongkong-post');
    b.request('nz-post');

    for (const history of [a, b]) {
      // The counts are only on their way until each instance's own have landed.
      await b.hours('hongkong-post');
      const hours = await history.hours('hongkong-post');
      expect(hours).toHaveLength(24);
      expect(hours?.slice(-2).map((h) => h.requests)).toEqual([3, 1]);
      expect(hours?.slice(0, 22).every((h) => h.requests === 0)).toBe(true);
      expect(hours?.at(-1)?.at).toBe(Math.floor((START + HOUR) / HOUR) * HOUR);
      expect((await history.hours('nz-post'))?.at(-1)?.requests).toBe(1);
    }
  });

  it('keeps the counts across a restart on the same SQLite file, and lets hours older than a day go', async () => {
    const url = `sqlite://${join(folder, 'restart.sqlite')}`;
    const clock = createManualClock(START);
    const { logger } = captureLogger('debug');
    const before = createRequestHistory({ counters: (await open(url)).counters, clock, logger });
    before.request('nz-post');
    before.request('nz-post');
    await before.hours('nz-post');
    await Promise.all(opened.splice(0).map((b) => b.close()));

    clock.advance(2 * HOUR);
    const after = createRequestHistory({ counters: (await open(url)).counters, clock, logger });
    after.request('nz-post');
    expect((await after.hours('nz-post'))?.slice(-3).map((h) => h.requests)).toEqual([2, 0, 1]);
    clock.advance(23 * HOUR);
    // The hour of the two is now 25 hours back: off the chart.
    expect((await after.hours('nz-post'))?.every((h) => h.requests === 0 || h.requests === 1)).toBe(true);
    expect((await after.hours('nz-post'))?.reduce((sum, h) => sum + h.requests, 0)).toBe(1);
  });

  it("draws the quota line from the daily quota counters, each hour's end, across the carrier's midnight", async () => {
    const counters = (await open('sqlite://:memory:')).counters;
    // 14:20 UTC is 22:20 in Hong Kong: the Hong Kong day ends at 16:00 UTC.
    const clock = createManualClock(Date.UTC(2026, 11, 6, 14, 20));
    const { logger } = captureLogger('debug');
    const history = createRequestHistory({ counters, clock, logger });
    const quota = createQuota(
      'hongkong-post',
      { dailyQuota: { limit: 100, timeZone: 'Asia/Hong_Kong' } },
      counters,
    );
    const send = async (count: number) => {
      for (let i = 0; i < count; i++) {
        expect(await quota.record(clock.now())).toBe(true);
        history.request('hongkong-post');
      }
    };
    await send(3); // 14:00 UTC
    clock.advance(HOUR);
    await send(2); // 15:00 UTC, the Hong Kong day's last hour
    clock.advance(HOUR);
    await send(4); // 16:00 UTC: a new Hong Kong day
    clock.advance(HOUR);
    await send(1); // 17:00 UTC

    const hours = await history.hours('hongkong-post', { timeZone: 'Asia/Hong_Kong' });
    expect(hours?.slice(-4).map((h) => [h.requests, h.quotaUsed])).toEqual([
      [3, 3],
      [2, 5],
      [4, 4],
      [1, 5],
    ]);
    expect(hours?.[0]?.quotaUsed).toBe(0);
    // Without a daily quota there is no line.
    expect((await history.hours('hongkong-post'))?.some((h) => h.quotaUsed !== undefined)).toBe(false);
  });

  it('never fails nor holds up a carrier request when the store is away, and reads as unavailable', async () => {
    redis = await startRedisServer();
    const backend = await open(redis.url);
    const { logger, lines } = captureLogger('debug');
    const clock = createManualClock(START);
    const history = createRequestHistory({ counters: backend.counters, clock, logger });
    await redis.stop();
    await expect.poll(() => backend.state).toBe('unavailable');

    const adapter = observeAdapter(answering, NO_TELEMETRY, clock, history);
    await expect(adapter.track([], { locale: 'en' })).resolves.toEqual(new Map());
    expect(await history.hours('hongkong-post')).toBeUndefined();
    expect(lines.some((l) => l['level'] === 20 && String(l['msg']).includes('not counted'))).toBe(true);
  });

  it('sends a request while a count hangs on a store that does not answer', async () => {
    const hanging: CounterStore = { increment: () => new Promise(() => {}), get: async () => 0 };
    const clock = createManualClock(START);
    const { logger } = captureLogger('debug');
    const history = createRequestHistory({ counters: hanging, clock, logger });
    const adapter = observeAdapter(answering, NO_TELEMETRY, clock, history);
    await expect(adapter.track([], { locale: 'en' })).resolves.toEqual(new Map());
  });
});

/** An adapter that answers at once: what the lane would send. */
const answering = { id: 'hongkong-post', track: async () => new Map() } as unknown as CarrierAdapter;

const NO_TELEMETRY: Telemetry = {
  carrierRequest: () => {},
  lookup: () => {},
  laneWait: () => {},
  pollsClaimed: () => {},
  pollPassEnded: () => {},
  notification: () => {},
  platformRateLimited: () => {},
  storeError: () => {},
};
