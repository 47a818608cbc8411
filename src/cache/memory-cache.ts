import type { Clock } from '../time/clock.js';

/** A small key-value store with optional expiry; `store/keyv-cache.ts` offers a persistent one behind the same port. */
export interface KeyValueCache {
  get<T>(key: string): Promise<T | undefined>;
  /** Keeps `value` for `ttlMs`, or until deleted when `ttlMs` is left out. */
  set<T>(key: string, value: T, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * In-process cache, oldest entries evicted first beyond `maxEntries`. Expiry follows `clock`, so tests
 * move time instead of waiting.
 */
export function createMemoryCache(clock: Clock, maxEntries = 10_000): KeyValueCache {
  const entries = new Map<string, { value: unknown; expiresAt: number }>();
  return {
    async get<T>(key: string) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= clock.now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value as T;
    },
    async set(key, value, ttlMs) {
      entries.delete(key);
      entries.set(key, {
        value,
        expiresAt: ttlMs === undefined ? Number.POSITIVE_INFINITY : clock.now() + ttlMs,
      });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
    async delete(key) {
      entries.delete(key);
    },
  };
}
