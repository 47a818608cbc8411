import Keyv, { type KeyvStorageAdapter } from 'keyv';
import type { KeyValueCache } from '../cache/memory-cache.js';

/** The namespace of an adapter keyv gave none (keyv 5's default): it never touches another namespace's records. */
export const DEFAULT_NAMESPACE = 'keyv';

/** A `KeyValueCache` on the configured store, for one namespace, that can also list what it holds. */
export interface StoredCache extends KeyValueCache {
  readonly namespace: string;
  /** Every live entry of this namespace, in no particular order (keys without the namespace). */
  entries<T>(): AsyncIterable<readonly [string, T]>;
}

/** A namespace as the store backends build it: the cache, and keyv's encoding of a value for a batch. */
export interface KeyvNamespace {
  readonly cache: StoredCache;
  /** The text `set` would store for `value` (keyv's JSON envelope, no expiry). */
  encode(value: unknown): Promise<string>;
}

/**
 * A namespace through keyv 6 on `storage` (one adapter per namespace, sharing the backend's connection).
 * Errors are thrown, not swallowed: keyv reports a failed call as an `error` event and a `false` or
 * `undefined` result, and with `throwOnEmitError` that event throws the store's error to the caller, so
 * a write the caller relies on either lands or fails loudly, and a failed read is never "not found".
 */
export function keyvNamespace(namespace: string, storage: KeyvStorageAdapter): KeyvNamespace {
  const keyv = new Keyv({ store: storage, namespace });
  keyv.throwOnEmitError = true;
  return {
    cache: {
      namespace,
      get: async <T>(key: string) => (await keyv.get(key)) as T | undefined,
      set: async (key, value, ttlMs) => {
        await keyv.set(key, value, ttlMs);
      },
      delete: async (key) => {
        await keyv.delete(key);
      },
      entries: <T>() => keyv.iterator() as AsyncIterable<readonly [string, T]>,
    },
    encode: async (value) => String(await keyv.encode({ value })),
  };
}
