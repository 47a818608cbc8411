import * as z from 'zod';
import type { CounterStore } from '../queue/counter-store.js';
import type { RedisClient } from './redis-connection.js';

const count = z.coerce.number().int().nonnegative();

/**
 * Quota counters in Redis, shared by every Postie instance that uses the same server: `INCRBY` and
 * `PEXPIRE … NX` in one transaction, so concurrent instances never lose a count and a counter keeps the
 * lifetime it was created with.
 */
export function redisCounters(client: RedisClient, prefix = 'postie:counter:'): CounterStore {
  return {
    async increment(key, by, ttlMs) {
      const [value] = await client
        .multi()
        .incrBy(prefix + key, by)
        .pExpire(prefix + key, Math.ceil(ttlMs), 'NX')
        .exec();
      return count.parse(value);
    },
    get: async (key) => count.parse((await client.get(prefix + key)) ?? 0),
  };
}
