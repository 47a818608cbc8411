import type { KeyValueCache } from '../cache/memory-cache.js';

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

export function counterStoreOn(cache: KeyValueCache): CounterStore {
  // Serializes updates per key within this process.
  const chains = new Map<string, Promise<number>>();
  return {
    increment(key, by, ttlMs) {
      const previous = chains.get(key) ?? Promise.resolve(0);
      const next = previous.then(async () => {
        const value = ((await cache.get<number>(key)) ?? 0) + by;
        await cache.set(key, value, ttlMs);
        return value;
      });
      chains.set(
        key,
        next.catch(() => 0),
      );
      return next;
    },
    async get(key) {
      await chains.get(key);
      return (await cache.get<number>(key)) ?? 0;
    },
  };
}
