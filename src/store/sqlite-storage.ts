import { Hookified } from 'hookified';
import {
  type KeyvStorageAdapter,
  type KeyvStorageCapability,
  type KeyvStorageEntry,
  keyvStorageCapability,
} from 'keyv';
import { DEFAULT_NAMESPACE } from './keyv-cache.js';
import type { SqliteDatabase } from './sqlite-database.js';
import type { SqliteWriter } from './sqlite-group-commit.js';

/** Records read per query while listing a namespace (keyv's own SQLite adapter reads 10: a long scan crawls). */
const SQLITE_PAGE = 2_000;

/**
 * keyv's storage adapter for one namespace on the embedded store's shared connection
 * (`sqlite-database.ts`). Ours rather than `@keyv/sqlite`: its published release (4) is for keyv 5
 * and needs the native `sqlite3` module, compiled on every clean install; the next one depends on
 * `better-sqlite3` even when told to use `node:sqlite`; and both open a connection per namespace. Node's
 * built-in `node:sqlite` needs nothing installed, and here every namespace shares one connection and
 * its prepared statements.
 *
 * It speaks keyv 6's storage contract (`capabilities.expires`: `set` gets an absolute expiry, epoch ms)
 * and keeps keyv's encoded text as it is. A class, because keyv sets `namespace` on it and listens to it
 * as a Hookified emitter, as it does keyv's own adapters; it never emits (a failed call rejects).
 * `disconnect` leaves the shared connection open: the store backend closes it.
 */
export class SqliteStorage extends Hookified implements KeyvStorageAdapter {
  namespace: string | undefined;

  /** `write` commits its changes (the backend's group commit); by default, each in a transaction of its own. */
  constructor(
    private readonly db: SqliteDatabase,
    namespace?: string,
    private readonly write: SqliteWriter = async (changes) => db.apply(changes),
  ) {
    super({ throwOnEmptyListeners: false });
    this.namespace = namespace;
  }

  get capabilities(): KeyvStorageCapability {
    return keyvStorageCapability(this);
  }

  /** What it was opened with, where keyv's own adapters show it (they have `opts` too). */
  get opts(): { readonly dialect: 'sqlite'; readonly namespace: string | undefined } {
    return { dialect: 'sqlite', namespace: this.namespace };
  }

  private get scope(): string {
    return this.namespace ?? DEFAULT_NAMESPACE;
  }

  async get<Value>(key: string): Promise<Value | undefined> {
    return this.db.get(this.scope, key) as Value | undefined;
  }

  async getMany<Value>(keys: string[]): Promise<(Value | undefined)[]> {
    return this.db.getMany(this.scope, keys) as (Value | undefined)[];
  }

  async has(key: string): Promise<boolean> {
    return this.db.has(this.scope, key);
  }

  async hasMany(keys: string[]): Promise<boolean[]> {
    return keys.map((key) => this.db.has(this.scope, key));
  }

  async set(key: string, value: unknown, expires?: number): Promise<boolean> {
    await this.write([{ namespace: this.scope, key, value: text(value), expires }]);
    return true;
  }

  /** Every entry in one transaction. */
  async setMany<Value>(entries: KeyvStorageEntry<Value>[]): Promise<boolean[]> {
    await this.write(
      entries.map((e) => ({ namespace: this.scope, key: e.key, value: text(e.value), expires: e.expires })),
    );
    return entries.map(() => true);
  }

  async delete(key: string): Promise<boolean> {
    return this.db.delete(this.scope, key);
  }

  async deleteMany(keys: string[]): Promise<boolean[]> {
    return keys.map((key) => this.db.delete(this.scope, key));
  }

  async clear(): Promise<void> {
    this.db.clear(this.scope);
  }

  /** The namespace's live records in key order, {@link SQLITE_PAGE} per query. */
  async *iterator<Value>(): AsyncGenerator<[string, Value], void> {
    for (let after = ''; ; ) {
      const page = this.db.page(this.scope, after, SQLITE_PAGE);
      for (const row of page) yield [row.key, row.value as Value];
      const last = page.at(-1);
      if (!last || page.length < SQLITE_PAGE) return;
      after = last.key;
    }
  }

  async disconnect(): Promise<void> {}
}

/** keyv hands over its encoded text; anything else means its serialization was switched off: not kept here. */
function text(value: unknown): string {
  if (typeof value !== 'string') throw new TypeError('the SQLite store keeps keyv-encoded text only');
  return value;
}
