import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import KeyvRedis from '@keyv/redis';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import type { KeyValueCache } from '../cache/memory-cache.js';

/** A `KeyValueCache` on the configured store, plus listing and disconnection. */
export interface StoredCache extends KeyValueCache {
  /** Every live entry of this namespace, in no particular order (keys without the namespace). */
  entries<T>(): AsyncIterable<readonly [string, T]>;
  close(): Promise<void>;
}

/** Rows read per query while listing a namespace on SQLite (keyv's default, 10, makes a scan quadratic). */
const SQLITE_PAGE = 2000;

/**
 * Opens `STORE_URL` through keyv: `sqlite://<path>` is the embedded default (the file's folder is created),
 * `redis://…` / `rediss://…` the shared store of several instances. `namespace` keeps uses apart. Errors
 * are thrown, not swallowed (`throwOnErrors`): a write the caller relies on either lands or fails loudly.
 */
export function openStoredCache(url: string, namespace: string): StoredCache {
  const store = adapterFor(url);
  const keyv = new Keyv({ store, namespace, throwOnErrors: true });
  return {
    get: async <T>(key: string) => (await keyv.get(key)) as T | undefined,
    set: async (key, value, ttlMs) => {
      await keyv.set(key, value, ttlMs);
    },
    delete: async (key) => {
      await keyv.delete(key);
    },
    async *entries<T>() {
      if (store instanceof KeyvRedis) {
        yield* redisEntries<T>(store, keyv, namespace);
        return;
      }
      if (!keyv.iterator) throw new Error('this store cannot list its entries');
      for await (const [key, value] of keyv.iterator(undefined)) {
        if (typeof key === 'string' && value !== undefined) yield [key, value as T] as const;
      }
    },
    close: () => keyv.disconnect(),
  };
}

/** Keys asked per SCAN round trip on Redis (keyv's own iterator asks the server's default, 10). */
const REDIS_SCAN_COUNT = 1000;

/**
 * A namespace's entries on Redis: SCAN with a large COUNT over the keys keyv writes
 * (`<namespace><separator><namespace>:<key>`), read back through keyv (deserialized, expired ones left out).
 */
async function* redisEntries<T>(adapter: KeyvRedis<unknown>, keyv: Keyv, namespace: string) {
  const client = await adapter.getClient();
  if (!('scan' in client)) throw new Error('listing entries needs a single Redis server, not a cluster');
  const prefix = `${namespace}${adapter.keyPrefixSeparator}${namespace}:`;
  let cursor = '0';
  do {
    const page = await client.scan(cursor, { MATCH: `${prefix}*`, COUNT: REDIS_SCAN_COUNT });
    cursor = String(page.cursor);
    const keys = page.keys.map((k) => String(k).slice(prefix.length));
    if (keys.length === 0) continue;
    const values = await keyv.getMany(keys);
    for (const [i, key] of keys.entries()) {
      const value = values[i];
      if (value !== undefined) yield [key, value as T] as const;
    }
  } while (cursor !== '0');
}

function adapterFor(url: string): KeyvSqlite | KeyvRedis<unknown> {
  if (url.startsWith('sqlite://')) {
    const path = url.slice('sqlite://'.length);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const sqlite = new KeyvSqlite({ uri: url, busyTimeout: 5000, iterationLimit: SQLITE_PAGE });
    // Write-ahead logging with `synchronous=NORMAL`: a committed write survives the process being killed
    // (only a power loss may undo the last ones; https://sqlite.org/wal.html, https://sqlite.org/pragma.html#pragma_synchronous),
    // readers do not block the writer, and a write no longer waits for a sync of its own.
    if (path !== ':memory:') {
      void sqlite
        .query('PRAGMA journal_mode=WAL')
        .then(() => sqlite.query('PRAGMA synchronous=NORMAL'))
        .catch(() => undefined);
    }
    return sqlite;
  }
  if (/^rediss?:\/\//.test(url)) return new KeyvRedis(url);
  throw new Error('STORE_URL must be sqlite://… or redis://…');
}
