import { mkdirSync, type Stats, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import * as z from 'zod';
import { StoreFileLostError, StoreUnavailableError } from '../domain/store-unavailable.js';
import { migrateKeyv5Table } from './sqlite-migration.js';

/** One record as kept: keyv's encoded text under its key. */
interface StoredRow {
  readonly key: string;
  readonly value: string;
}

/** A write of a batch: `value` stored (until `expires`, epoch ms, when given), or the record deleted. */
export interface RowChange {
  readonly namespace: string;
  readonly key: string;
  readonly value: string | undefined;
  readonly expires?: number | undefined;
}

/**
 * The embedded store's one connection to its file, shared by every namespace: each call is one
 * prepared statement (or one transaction), run synchronously, so no other statement can come between.
 * Expired records are never returned; they are deleted when the file opens and every
 * {@link SWEEP_EVERY_WRITES} writes after.
 */
export interface SqliteDatabase {
  get(namespace: string, key: string): string | undefined;
  /** One value per key, in the order asked. */
  getMany(namespace: string, keys: readonly string[]): (string | undefined)[];
  has(namespace: string, key: string): boolean;
  set(namespace: string, key: string, value: string, expires?: number): void;
  /** Whether there was a record to delete. */
  delete(namespace: string, key: string): boolean;
  clear(namespace: string): void;
  /** Up to `limit` live records of the namespace whose keys sort after `afterKey`, in key order. */
  page(namespace: string, afterKey: string, limit: number): StoredRow[];
  /** Writes every change or none: one transaction. */
  apply(changes: readonly RowChange[]): void;
  /**
   * Throws a {@link StoreFileLostError} when the path no longer leads to the file this connection has
   * open (deleted, with its folder or alone, or replaced): what is written from then on would be lost;
   * a `StoreUnavailableError` when its folder cannot be read. Every write checks it before it starts and
   * again before it is acknowledged.
   */
  verifyFile(): void;
  close(): void;
}

export interface SqliteDatabaseOptions {
  /**
   * How long a statement waits for another process's write lock before it fails with `SQLITE_BUSY`
   * (https://sqlite.org/c3ref/busy_timeout.html). It blocks this process meanwhile, so it stays short.
   * @defaultValue 5 000 ms
   */
  readonly busyTimeoutMs?: number;
  /** Epoch ms that expiry is measured against: keyv's own clock. @defaultValue `Date.now` */
  readonly now?: () => number;
}

/** Writes between two sweeps of expired records (counters, cached answers); a sweep is one indexed delete. */
export const SWEEP_EVERY_WRITES = 1_000;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS entries (
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    expires INTEGER,
    PRIMARY KEY (namespace, key)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS entries_by_expiry ON entries (expires) WHERE expires IS NOT NULL;`;

const LIVE = '(expires IS NULL OR expires > ?)';

/** What is read back is checked like any outside input (another program may have written the file). */
const valueRow = z.object({ value: z.string() }).optional();
const rows = z.array(z.object({ key: z.string(), value: z.string() }));

/**
 * Opens (creating it and its folder when missing) the SQLite file at `path`, or a private in-memory
 * database for `:memory:`, on Node's built-in `node:sqlite`. Records live in one table keyed by
 * (namespace, key) without a rowid, so a namespace is a range of one B-tree: read in key order, page
 * after page. A file written by the previous release (keyv 5's `keyv` table) is migrated first.
 *
 * Write-ahead logging with `synchronous=NORMAL`: a committed write survives the process being killed
 * (only a power loss may undo the last ones; https://sqlite.org/wal.html,
 * https://sqlite.org/pragma.html#pragma_synchronous), readers do not block the writer, and a commit
 * does not wait for a sync of its own.
 *
 * A file deleted while it is open stays open: SQLite would go on writing into a file no one can open
 * again, and every acknowledged write after that would be gone at the next start. So every write
 * checks that the path still leads to the same file (device and inode) before it starts and before it
 * returns, and fails with a `StoreUnavailableError` naming the path when it does not.
 */
export function openSqliteDatabase(path: string, options: SqliteDatabaseOptions = {}): SqliteDatabase {
  const now = options.now ?? Date.now;
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path, { timeout: options.busyTimeoutMs ?? 5_000 });
  try {
    if (path !== ':memory:') db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec(SCHEMA);
    migrateKeyv5Table(db);
  } catch (error) {
    db.close();
    throw error;
  }

  const select = db.prepare(`SELECT value FROM entries WHERE namespace = ? AND key = ? AND ${LIVE}`);
  const selectMany = db.prepare(
    `SELECT key, value FROM entries WHERE namespace = ? AND key IN (SELECT value FROM json_each(?)) AND ${LIVE}`,
  );
  const exists = db.prepare(`SELECT 1 FROM entries WHERE namespace = ? AND key = ? AND ${LIVE}`);
  const upsert = db.prepare(
    `INSERT INTO entries (namespace, key, value, expires) VALUES (?, ?, ?, ?)
     ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, expires = excluded.expires`,
  );
  const remove = db.prepare('DELETE FROM entries WHERE namespace = ? AND key = ?');
  const removeAll = db.prepare('DELETE FROM entries WHERE namespace = ?');
  const page = db.prepare(
    `SELECT key, value FROM entries WHERE namespace = ? AND key > ? AND ${LIVE} ORDER BY key LIMIT ?`,
  );
  const sweep = db.prepare('DELETE FROM entries WHERE expires <= ?');
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');

  let writes = 0;
  const wrote = (count: number) => {
    writes += count;
    if (writes < SWEEP_EVERY_WRITES) return;
    writes = 0;
    sweep.run(now());
  };
  sweep.run(now());

  const opened = path === ':memory:' ? undefined : statSync(path);
  const verifyFile = () => {
    if (!opened) return;
    let now: Stats | undefined;
    try {
      now = statSync(path, { throwIfNoEntry: false });
    } catch (error) {
      throw new StoreUnavailableError(path, 'its folder cannot be read', { cause: error });
    }
    if (!now) throw new StoreFileLostError(path, 'the file was deleted while Postie runs');
    if (now.ino !== opened.ino || now.dev !== opened.dev)
      throw new StoreFileLostError(path, 'another file took its place while Postie runs');
  };
  /** Runs a write between two checks of the file. */
  const checked = <T>(work: () => T): T => {
    verifyFile();
    const result = work();
    verifyFile();
    return result;
  };

  const write = (change: RowChange) => {
    if (change.value === undefined) remove.run(change.namespace, change.key);
    else upsert.run(change.namespace, change.key, change.value, change.expires ?? null);
  };

  return {
    get: (namespace, key) => valueRow.parse(select.get(namespace, key, now()))?.value,
    getMany(namespace, keys) {
      const found = rows.parse(selectMany.all(namespace, JSON.stringify(keys), now()));
      const byKey = new Map(found.map((row) => [row.key, row.value]));
      return keys.map((key) => byKey.get(key));
    },
    has: (namespace, key) => exists.get(namespace, key, now()) !== undefined,
    set(namespace, key, value, expires) {
      checked(() => write({ namespace, key, value, expires }));
      wrote(1);
    },
    delete(namespace, key) {
      const { changes } = checked(() => remove.run(namespace, key));
      wrote(1);
      return Number(changes) > 0;
    },
    clear: (namespace) => {
      checked(() => removeAll.run(namespace));
    },
    page: (namespace, afterKey, limit) => rows.parse(page.all(namespace, afterKey, now(), limit)),
    apply(changes) {
      checked(() => {
        begin.run();
        try {
          for (const change of changes) write(change);
          commit.run();
        } catch (error) {
          if (db.isTransaction) rollback.run();
          throw error;
        }
      });
      wrote(changes.length);
    },
    verifyFile,
    close: () => db.close(),
  };
}
