import { StoreUnavailableError } from '../domain/store-unavailable.js';
import { systemClock } from '../time/clock.js';
import { type KeyvNamespace, keyvNamespace } from './keyv-cache.js';
import { connectRedis, isRedisFailure, type RedisConnectionOptions } from './redis-connection.js';
import { redisCounters } from './redis-counters.js';
import { redisDueSchedule } from './redis-due-schedule.js';
import { redisLaneStates } from './redis-lane-state.js';
import { redisLeases } from './redis-leases.js';
import { createRedisLock } from './redis-lock.js';
import { RedisStorage, redisKeyPrefix } from './redis-storage.js';
import type { StoreBackend } from './store-backend.js';
import { describeStoreUrl } from './store-url.js';
import { guardBackend } from './unavailable-guard.js';

const NOT_READY = {
  connecting: 'not connected yet',
  unavailable: 'not connected; trying again',
  closed: 'closed',
} as const;

/**
 * The shared store: one Redis connection (`redis-connection.ts`) for every namespace, the quota
 * counters, the lock, the poll schedule and the carrier lanes' state, so instances on one server count,
 * exclude each other, share the polling and keep each carrier's limits together. A batch is one `MULTI`/`EXEC`: Redis runs it whole, nothing of another client in
 * between. Resolves once the first connection attempt is over, whichever way it went: while Redis is
 * away, every call fails at once with a `StoreUnavailableError`, and the connection keeps trying.
 */
export async function openRedisBackend(
  url: string,
  options: RedisConnectionOptions = {},
): Promise<StoreBackend> {
  const connection = connectRedis(url, options);
  const store = describeStoreUrl(url) ?? 'redis';
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
  const backend: StoreBackend = {
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
    laneStates: redisLaneStates(client),
    leases: redisLeases(client),
    get state() {
      return connection.state;
    },
    ready: (signal) => connection.ready(signal),
    close: () => connection.close(),
  };
  await connection.opened;
  return guardBackend(backend, {
    check() {
      const { state } = connection;
      if (state !== 'ready') throw new StoreUnavailableError(store, NOT_READY[state]);
    },
    classify(error) {
      if (error instanceof StoreUnavailableError || !isRedisFailure(error)) return error;
      return new StoreUnavailableError(store, error.message, { cause: error });
    },
  });
}
