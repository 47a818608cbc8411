import type { CounterStore } from '../queue/counter-store.js';
import { lazyRedisClient } from './redis-client.js';

/**
 * Quota counters in Redis, shared by every Postie instance that uses the same server: `INCRBY` and
 * `PEXPIRE … NX` in one transaction, so concurrent instances never lose a count and a counter keeps the
 * lifetime it was created with.
 */
export function openRedisCounters(
  url: string,
  prefix = 'postie:counter:',
): CounterStore & { close(): Promise<void> } {
  const redis = lazyRedisClient(url);
  return {
    async increment(key, by, ttlMs) {
      const client = await redis.ready();
      const [value] = await client
        .multi()
        .incrBy(prefix + key, by)
        .pExpire(prefix + key, Math.ceil(ttlMs), 'NX')
        .exec();
      return Number(value);
    },
    async get(key) {
      const client = await redis.ready();
      return Number((await client.get(prefix + key)) ?? 0);
    },
    close: () => redis.close(),
  };
}
