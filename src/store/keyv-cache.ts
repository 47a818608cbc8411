import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import KeyvRedis from '@keyv/redis';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import type { KeyValueCache } from '../cache/memory-cache.js';

/** A `KeyValueCache` on the configured store, plus its disconnection. */
export interface StoredCache extends KeyValueCache {
  close(): Promise<void>;
}

/**
 * Opens `STORE_URL` through keyv: `sqlite://<path>` is the embedded default (the file's folder is created),
 * `redis://…` / `rediss://…` the shared store of several instances. `namespace` keeps uses apart. Errors
 * are thrown, not swallowed (`throwOnErrors`): a write the caller relies on either lands or fails loudly.
 */
export function openStoredCache(url: string, namespace: string): StoredCache {
  const keyv = new Keyv({ store: adapterFor(url), namespace, throwOnErrors: true });
  return {
    get: async <T>(key: string) => (await keyv.get(key)) as T | undefined,
    set: async (key, value, ttlMs) => {
      await keyv.set(key, value, ttlMs);
    },
    delete: async (key) => {
      await keyv.delete(key);
    },
    close: () => keyv.disconnect(),
  };
}

function adapterFor(url: string): KeyvSqlite | KeyvRedis<unknown> {
  if (url.startsWith('sqlite://')) {
    const path = url.slice('sqlite://'.length);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    return new KeyvSqlite({ uri: url, busyTimeout: 5000 });
  }
  if (/^rediss?:\/\//.test(url)) return new KeyvRedis(url);
  throw new Error('STORE_URL must be sqlite://… or redis://…');
}
