import { Hookified } from 'hookified';
import {
  type KeyvStorageAdapter,
  type KeyvStorageCapability,
  type KeyvStorageEntry,
  keyvStorageCapability,
} from 'keyv';
import { DEFAULT_NAMESPACE } from './keyv-cache.js';
import type { RedisClient } from './redis-connection.js';

/** Keys asked per SCAN round trip while listing or clearing a namespace (the server's default is 10). */
const REDIS_SCAN_COUNT = 1_000;

/**
 * Where a namespace's records live: `<namespace>::<namespace>:<key>`, the keys `@keyv/redis` 5 wrote
 * under keyv 5 (its own `<namespace>::` before keyv's `<namespace>:`). Kept so a Redis written by the
 * previous release is read as it is, and instances of both releases can share one during an upgrade.
 */
export const redisKeyPrefix = (namespace: string) => `${namespace}::${namespace}:`;

/**
 * keyv's storage adapter for one namespace on the process's one Redis connection. Ours rather than
 * `@keyv/redis`, which has no stable release for keyv 6 (5 is for keyv 5; 6 is a release candidate)
 * and opens a connection of its own per namespace.
 * Values are keyv's encoded text, stored as Redis strings; an expiry becomes the key's own (`PXAT`), so
 * Redis forgets expired records by itself. A class, because keyv sets `namespace` on it and listens to
 * it as a Hookified emitter, as it does keyv's own adapters; it never emits (a failed call rejects).
 * `disconnect` leaves the shared connection open: the store backend closes it.
 */
export class RedisStorage extends Hookified implements KeyvStorageAdapter {
  namespace: string | undefined;

  constructor(
    private readonly client: RedisClient,
    namespace?: string,
  ) {
    super({ throwOnEmptyListeners: false });
    this.namespace = namespace;
  }

  get capabilities(): KeyvStorageCapability {
    return keyvStorageCapability(this);
  }

  /** What it was opened with, where keyv's own adapters show it (they have `opts` too). */
  get opts(): { readonly dialect: 'redis'; readonly namespace: string | undefined } {
    return { dialect: 'redis', namespace: this.namespace };
  }

  private get prefix(): string {
    return redisKeyPrefix(this.namespace ?? DEFAULT_NAMESPACE);
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.client.get(this.prefix + key)) ?? undefined;
  }

  async getMany(keys: string[]): Promise<(string | undefined)[]> {
    if (keys.length === 0) return [];
    const values = await this.client.mGet(keys.map((key) => this.prefix + key));
    return values.map((value) => value ?? undefined);
  }

  async has(key: string): Promise<boolean> {
    return (await this.client.exists(this.prefix + key)) > 0;
  }

  async hasMany(keys: string[]): Promise<boolean[]> {
    const multi = this.client.multi();
    for (const key of keys) multi.exists(this.prefix + key);
    return (await multi.exec()).map((found) => Number(found) > 0);
  }

  async set(key: string, value: unknown, expires?: number): Promise<boolean> {
    const options = expires === undefined ? {} : { expiration: { type: 'PXAT', value: expires } as const };
    await this.client.set(this.prefix + key, text(value), options);
    return true;
  }

  /** Every entry in one `MULTI`/`EXEC`. */
  async setMany<Value>(entries: KeyvStorageEntry<Value>[]): Promise<boolean[]> {
    const multi = this.client.multi();
    for (const { key, value, expires } of entries) {
      if (expires === undefined) multi.set(this.prefix + key, text(value));
      else multi.set(this.prefix + key, text(value), { expiration: { type: 'PXAT', value: expires } });
    }
    await multi.exec();
    return entries.map(() => true);
  }

  async delete(key: string): Promise<boolean> {
    return (await this.client.unlink(this.prefix + key)) > 0;
  }

  async deleteMany(keys: string[]): Promise<boolean[]> {
    const multi = this.client.multi();
    for (const key of keys) multi.unlink(this.prefix + key);
    return (await multi.exec()).map((removed) => Number(removed) > 0);
  }

  async clear(): Promise<void> {
    for await (const keys of this.scan()) if (keys.length > 0) await this.client.unlink(keys);
  }

  /** The namespace's records: SCAN with a large COUNT, each page read with one MGET. */
  async *iterator(): AsyncGenerator<[string, string], void> {
    for await (const keys of this.scan()) {
      if (keys.length === 0) continue;
      const values = await this.client.mGet(keys);
      for (const [i, key] of keys.entries()) {
        const value = values[i];
        if (typeof value === 'string') yield [key.slice(this.prefix.length), value];
      }
    }
  }

  async disconnect(): Promise<void> {}

  private scan() {
    return this.client.scanIterator({ MATCH: `${globEscape(this.prefix)}*`, COUNT: REDIS_SCAN_COUNT });
  }
}

/** keyv hands over its encoded text; anything else means its serialization was switched off: not kept here. */
function text(value: unknown): string {
  if (typeof value !== 'string') throw new TypeError('the Redis store keeps keyv-encoded text only');
  return value;
}

/** A SCAN pattern matching `literal` as written (https://redis.io/docs/latest/commands/keys/). */
const globEscape = (literal: string) => literal.replace(/[*?[\]\\]/g, '\\$&');
