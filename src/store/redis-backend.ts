import { systemClock } from '../time/clock.js';
import { type KeyvNamespace, keyvNamespace } from './keyv-cache.js';
import { connectRedis, type RedisConnectionOptions } from './redis-connection.js';
import { redisCounters } from './redis-counters.js';
import { redisDueSchedule } from './redis-due-schedule.js';
import { createRedisLock } from './redis-lock.js';
import { RedisStorage, redisKeyPrefix } from './redis-storage.js';
import type { StoreBackend } from './store-backend.js';

/**
 * The shared store: one Redis connection (`redis-connection.ts`) for every namespace, the quota
 * counters, the lock and the poll schedule, so instances on one server count, exclude each other and
 * share the polling. A batch is one `MULTI`/`EXEC`: Redis runs it whole, nothing of another client in
 * between.
 */
export function openRedisBackend(url: string, options: RedisConnectionOptions = {}): StoreBackend {
  const connection = connectRedis(url, options);
  const { client } = connection;
  const namespaces = new Map<string, KeyvNamespace>();
  const named = (name: string) => {
    let found = namespaces.get(name);
    if (!found) {
      found = keyvNamespace(name, new RedisStorage(client, name));
      namespaces.set(name, found);
    }
    return found;
  };
  return {
    kind: 'shared',
    namespace: (name) => named(name).cache,
    async write(changes) {
      const encoded = await Promise.all(
        changes.map(async ({ namespace, key, value }) => ({
          key: redisKeyPrefix(namespace) + key,
          value: value === undefined ? undefined : await named(namespace).encode(value),
        })),
      );
      const multi = client.multi();
      for (const { key, value } of encoded) {
        if (value === undefined) multi.unlink(key);
        else multi.set(key, value);
      }
      await multi.exec();
    },
    counters: redisCounters(client),
    // Leases are Redis's real milliseconds: the lock keeps real time whatever clock the app runs on.
    lock: createRedisLock({ client, clock: systemClock }),
    dueSchedule: redisDueSchedule(client),
    get state() {
      return connection.state;
    },
    close: () => connection.close(),
  };
}
