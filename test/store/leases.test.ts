import { afterAll, describe, expect, it } from 'vitest';
import { type Leases, processLeases } from '../../src/store/leases.js';
import { connectRedis } from '../../src/store/redis-connection.js';
import { redisLeases } from '../../src/store/redis-leases.js';
import { testRedisUrl } from '../helpers/test-redis.js';

const url = testRedisUrl();
// Two connections stand for two instances; the first also looks at the keys.
const [first, second] = [connectRedis(url), connectRedis(url)];
const redis = first.client;
afterAll(() => Promise.all([first.close(), second.close()]));
const run = `${process.pid}-${Date.now()}`;
let names = 0;
const fresh = () => `test-${run}-${++names}`;
const key = (name: string) => `postie:lease:${name}`;

describe('leases on Redis, between two instances', () => {
  const a: Leases = redisLeases(first.client);
  const b: Leases = redisLeases(second.client);

  it('gives a lease to one holder at a time, with Redis expiring it after the lease', async () => {
    const name = fresh();
    expect(await a.acquire(name, 'a#1', 15_000)).toBe(true);
    expect(await b.acquire(name, 'b#1', 15_000)).toBe(false);
    expect(await b.holder(name)).toBe('a#1');
    const ttl = await redis.pTTL(key(name));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(15_000);
  });

  it('renews only its own holder, and extends the expiry', async () => {
    const name = fresh();
    await a.acquire(name, 'a#1', 1_000);
    expect(await b.renew(name, 'b#1', 60_000)).toBe(false);
    expect(await redis.pTTL(key(name))).toBeLessThanOrEqual(1_000);
    expect(await a.renew(name, 'a#1', 60_000)).toBe(true);
    expect(await redis.pTTL(key(name))).toBeGreaterThan(1_000);
  });

  it('takes the lease once the holder is gone (its key expired), and the old holder cannot renew it', async () => {
    const name = fresh();
    await a.acquire(name, 'a#1', 15_000);
    // The holder was killed: nothing renews it, and Redis expires the key (deleted here, as expiry does).
    await redis.del(key(name));
    expect(await b.acquire(name, 'b#1', 15_000)).toBe(true);
    expect(await a.renew(name, 'a#1', 15_000)).toBe(false);
    expect(await b.holder(name)).toBe('b#1');
  });

  it('never releases a successor’s lease', async () => {
    const name = fresh();
    await a.acquire(name, 'a#1', 15_000);
    await redis.del(key(name));
    await b.acquire(name, 'b#1', 15_000);
    await a.release(name, 'a#1');
    expect(await b.holder(name)).toBe('b#1');
    await b.release(name, 'b#1');
    expect(await a.holder(name)).toBeUndefined();
  });

  it('acquiring a lease already held by the same holder extends it', async () => {
    const name = fresh();
    await a.acquire(name, 'a#1', 1_000);
    expect(await a.acquire(name, 'a#1', 60_000)).toBe(true);
    expect(await redis.pTTL(key(name))).toBeGreaterThan(1_000);
  });
});

describe('leases in the embedded store', () => {
  it('are this process’s: the first holder keeps one until it releases it', async () => {
    const leases = processLeases();
    expect(await leases.acquire('telegram-polling', 'a#1', 15_000)).toBe(true);
    expect(await leases.renew('telegram-polling', 'a#1', 15_000)).toBe(true);
    expect(await leases.acquire('telegram-polling', 'b#1', 15_000)).toBe(false);
    await leases.release('telegram-polling', 'b#1');
    expect(await leases.holder('telegram-polling')).toBe('a#1');
    await leases.release('telegram-polling', 'a#1');
    expect(await leases.acquire('telegram-polling', 'b#1', 15_000)).toBe(true);
  });
});
