import { createClient } from '@keyv/redis';
import type { CounterStore } from '../queue/counter-store.js';

/**
 * Quota counters in Redis, shared by every Postie instance that uses the same server: `INCRBY` and
 * `PEXPIRE … NX` in one transaction, so concurrent instances never lose a count and a counter keeps the
 * lifetime it was created with.
 */
export function openRedisCounters(
  url: string,
  prefix = 'postie:counter:',
): CounterStore & { close(): Promise<void> } {
  const client = createClient({ url });
  let connecting: Promise<unknown> | undefined;
  const ready = () => {
    connecting ??= client.connect();
    return connecting;
  };
  return {
    async increment(key, by, ttlMs) {
      await ready();
      const [value] = await client
        .multi()
        .incrBy(prefix + key, by)
        .pExpire(prefix + key, Math.ceil(ttlMs), 'NX')
        .exec();
      return Number(value);
    },
    async get(key) {
      await ready();
      return Number((await client.get(prefix + key)) ?? 0);
    },
    async close() {
      if (connecting) {
        await connecting;
        client.destroy();
      }
    },
  };
}
