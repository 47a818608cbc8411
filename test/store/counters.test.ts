import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import { createProcessLock } from '../../src/collections/keyed-lock.js';
import { type CounterStore, counterStoreOn } from '../../src/queue/counter-store.js';
import { openStoreBackend } from '../../src/store/open-store-backend.js';
import { connectRedis } from '../../src/store/redis-connection.js';
import { redisCounters } from '../../src/store/redis-counters.js';
import type { StoreBackend } from '../../src/store/store-backend.js';
import { createManualClock } from '../../src/time/manual-clock.js';
import { testRedisUrl } from '../helpers/test-redis.js';

const opened: StoreBackend[] = [];
const connections = [connectRedis(testRedisUrl()), connectRedis(testRedisUrl())] as const;
afterAll(() => Promise.all([...opened.map((b) => b.close()), ...connections.map((c) => c.close())]));

/** One contract for every counter store: quotas count the same whichever store holds them. */
const stores: { name: string; open: () => Promise<[CounterStore, CounterStore]> }[] = [
  {
    name: 'the embedded store',
    open: async () => {
      const backend = await openStoreBackend('sqlite://:memory:');
      opened.push(backend);
      return [backend.counters, backend.counters];
    },
  },
  {
    name: 'Redis, shared by two instances',
    open: async () => {
      const prefix = `test:${process.pid}:${Date.now()}:`;
      return [redisCounters(connections[0].client, prefix), redisCounters(connections[1].client, prefix)];
    },
  },
];

describe.each(stores)('counters on $name', ({ open }) => {
  it('counts increments, concurrent ones included, and reads them back', async () => {
    const [a, b] = await open();
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).increment('quota:x:day', 1, 60_000)),
    );
    expect(await a.get('quota:x:day')).toBe(50);
    expect(await b.increment('quota:x:day', 2, 60_000)).toBe(52);
    expect(await a.get('quota:other')).toBe(0);
  });
});

describe('counters on the embedded store', () => {
  it('keep nothing in memory for keys no one is counting any more', async () => {
    const lock = createProcessLock();
    const counters = counterStoreOn(createMemoryCache(createManualClock()), lock);
    await Promise.all(
      Array.from({ length: 500 }, (_, i) => counters.increment(`subscribe:user${i}:day`, 1, 60_000)),
    );
    expect(await counters.get('subscribe:user7:day')).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lock.busyKeys).toBe(0);
  });

  it('report a stored count that is not a count instead of taking it for zero', async () => {
    const backend = await openStoreBackend('sqlite://:memory:');
    opened.push(backend);
    await backend.namespace('quota').set('quota:x:day', 'forty-one');
    await expect(backend.counters.get('quota:x:day')).rejects.toThrow(
      'stored counter quota:x:day is not a count',
    );
  });
});
