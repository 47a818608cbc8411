import type { KeyValueCache } from '../cache/memory-cache.js';
import { createProcessLock, type KeyedLock } from '../collections/keyed-lock.js';

/**
 * Counters that expire: the daily and rolling quotas are counted here so the counts survive a restart.
 * Embedded: on the key-value store (one process, so read-then-write is safe). Several instances share
 * Redis counters (`store/redis-counters.ts`, INCRBY + PEXPIRE): only this store changes.
 */
export interface CounterStore {
  /** Adds `by` to the counter (creating it with `ttlMs` to live) and returns the new value. */
  increment(key: string, by: number, ttlMs: number): Promise<number>;
  get(key: string): Promise<number>;
}

export function counterStoreOn(cache: KeyValueCache, lock: KeyedLock = createProcessLock()): CounterStore {
  // Serializes updates per key within this process; the lock keeps nothing for keys no one is changing
  // (per-user daily keys come and go).
  return {
    increment: (key, by, ttlMs) =>
      lock.withLock(key, async () => {
        const value = ((await cache.get<number>(key)) ?? 0) + by;
        await cache.set(key, value, ttlMs);
        return value;
      }),
    get: (key) => lock.withLock(key, async () => (await cache.get<number>(key)) ?? 0),
  };
}
