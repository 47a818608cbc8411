import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import { type CounterStore, counterStoreOn } from '../../src/queue/counter-store.js';
import { createProcessLock } from '../../src/store/keyed-lock.js';
import { openRedisCounters } from '../../src/store/redis-counters.js';
import { createManualClock } from '../../src/time/manual-clock.js';
import { testRedisUrl } from '../helpers/test-redis.js';

/** One contract for every counter store: quotas count the same whichever store holds them. */
const stores: {
  name: string;
  open: () => { stores: [CounterStore, CounterStore]; close: () => Promise<void> };
}[] = [
  {
    name: 'the embedded key-value store',
    open: () => {
      const shared = counterStoreOn(createMemoryCache(createManualClock()));
      return { stores: [shared, shared], close: async () => {} };
    },
  },
  {
    name: 'Redis, shared by two instances',
    open: () => {
      const prefix = `test:${process.pid}:${Date.now()}:`;
      const a = openRedisCounters(testRedisUrl(), prefix);
      const b = openRedisCounters(testRedisUrl(), prefix);
      return { stores: [a, b], close: async () => Promise.all([a.close(), b.close()]).then(() => {}) };
    },
  },
];

describe.each(stores)('counters on $name', ({ open }) => {
  it('counts increments, concurrent ones included, and reads them back', async () => {
    const {
      stores: [a, b],
      close,
    } = open();
    try {
      await Promise.all(
        Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).increment('quota:x:day', 1, 60_000)),
      );
      expect(await a.get('quota:x:day')).toBe(50);
      expect(await b.increment('quota:x:day', 2, 60_000)).toBe(52);
      expect(await a.get('quota:other')).toBe(0);
    } finally {
      await close();
    }
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
});
