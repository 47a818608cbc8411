import * as z from 'zod';
import type { KeyedLock } from '../collections/keyed-lock.js';
import type { CounterStore } from '../queue/counter-store.js';
import type { StoredCache } from './keyv-cache.js';

const count = z.number().int().nonnegative();

/**
 * Counters in a namespace of the embedded store: read, add and write under the key's lock (one process
 * uses the file, so that is enough); a counter lives `ttlMs` from its last increment. A stored count
 * that is not a count is reported, not taken for zero.
 */
export function storedCounters(cache: StoredCache, lock: KeyedLock): CounterStore {
  const read = async (key: string) => {
    const parsed = count.optional().safeParse(await cache.get(key));
    if (!parsed.success) throw new Error(`stored counter ${key} is not a count`);
    return parsed.data ?? 0;
  };
  return {
    increment: (key, by, ttlMs) =>
      lock.withLock(key, async () => {
        const value = (await read(key)) + by;
        await cache.set(key, value, ttlMs);
        return value;
      }),
    get: (key) => lock.withLock(key, () => read(key)),
  };
}
