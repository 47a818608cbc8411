import { afterAll, describe, expect, it, vi } from 'vitest';
import { connectRedis } from '../../src/store/redis-connection.js';
import { createRedisLock, REDIS_LOCK_DEFAULTS } from '../../src/store/redis-lock.js';
import { systemClock } from '../../src/time/clock.js';
import { createManualClock } from '../../src/time/manual-clock.js';
import { testRedisUrl } from '../helpers/test-redis.js';

const url = testRedisUrl();
const prefix = `postie:test-lock:${process.pid}-${Date.now()}:`;
// Two connections stand for two instances; the first also looks at the keys.
const [first, second] = [connectRedis(url), connectRedis(url)];
const redis = first.client;
afterAll(() => Promise.all([first.close(), second.close()]));

describe('the Redis lock', () => {
  it('waits longer than a lease by default, so a crashed holder never fails a command', () => {
    expect(REDIS_LOCK_DEFAULTS.maxWaitMs).toBeGreaterThan(REDIS_LOCK_DEFAULTS.leaseMs);
  });

  it('outlives the lease of a holder that crashed while holding it', async () => {
    // A process killed inside its critical section leaves its key behind until the lease ends.
    await redis.set(`${prefix}chat:1`, 'token-of-a-dead-process', { PX: 300 });
    const lock = createRedisLock({
      client: redis,
      clock: systemClock,
      prefix,
      leaseMs: 300,
      maxWaitMs: 2_000,
    });
    const startedAt = Date.now();
    expect(await lock.withLock('chat:1', async () => 'ran')).toBe('ran');
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(200);
  });

  it('excludes holders in other processes and frees the key for the next', async () => {
    const [a, b] = [
      createRedisLock({ client: first.client, clock: systemClock, prefix }),
      createRedisLock({ client: second.client, clock: systemClock, prefix }),
    ];
    const order: string[] = [];
    await Promise.all(
      [a, b, a, b].map((lock, i) =>
        lock.withLock('chat:2', async () => {
          order.push(`start ${i}`);
          await new Promise((resolve) => setTimeout(resolve, 10));
          order.push(`end ${i}`);
        }),
      ),
    );
    for (let i = 0; i < order.length; i += 2) expect(order[i + 1]?.replace('end', 'start')).toBe(order[i]);
    expect(await redis.get(`${prefix}chat:2`)).toBeNull();
  });

  it('renews its lease while the work runs, so a slow holder is not overtaken', async () => {
    const clock = createManualClock(Date.now());
    const lock = createRedisLock({ client: redis, clock, prefix, leaseMs: 9_000 });
    const key = `${prefix}chat:slow`;
    await lock.withLock('chat:slow', async () => {
      // Most of the lease gone, as after a long wait on a platform's 429.
      await redis.pExpire(key, 500);
      while (clock.pending === 0) await new Promise((resolve) => setImmediate(resolve));
      await clock.advance(3_000);
      await vi.waitFor(async () => expect(await redis.pTTL(key)).toBeGreaterThan(5_000));
    });
    expect(await redis.get(key)).toBeNull();
  });

  it('never frees a lock another holder took after its own lease ran out', async () => {
    const lock = createRedisLock({ client: redis, clock: systemClock, prefix, leaseMs: 50 });
    await lock.withLock('chat:3', async () => {
      await new Promise((resolve) => setTimeout(resolve, 80));
      await redis.set(`${prefix}chat:3`, 'successor', { PX: 5_000 });
    });
    expect(await redis.get(`${prefix}chat:3`)).toBe('successor');
  });
});
