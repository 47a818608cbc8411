import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteDatabase, SWEEP_EVERY_WRITES } from '../../src/store/sqlite-database.js';

const dir = mkdtempSync(join(tmpdir(), 'postie-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshFile = () => join(dir, `db-${++files}.sqlite`);

/** A second connection to the same file, as another program (or process) would open it. */
function withRaw<T>(file: string, work: (raw: DatabaseSync) => T): T {
  const raw = new DatabaseSync(file);
  try {
    return work(raw);
  } finally {
    raw.close();
  }
}

describe('the embedded store file', () => {
  it('logs ahead of writing, syncs only at checkpoints, and names its layout', () => {
    const file = freshFile();
    openSqliteDatabase(file).close();
    withRaw(file, (raw) => {
      expect(raw.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
      expect(raw.prepare('PRAGMA user_version').get()).toEqual({ user_version: 1 });
    });
  });

  it('writes a batch whole or not at all', () => {
    const file = freshFile();
    const db = openSqliteDatabase(file);
    db.set('subs-chat', 'telegram:1', 'index before');
    // Another program refuses one row of the batch: the rows before it must not stay either.
    withRaw(file, (raw) =>
      raw.exec(`CREATE TRIGGER refuse BEFORE INSERT ON entries WHEN NEW.key = 'refused'
                BEGIN SELECT RAISE(ABORT, 'refused by a trigger'); END`),
    );
    expect(() =>
      db.apply([
        { namespace: 'subs-chat', key: 'telegram:1', value: 'index after' },
        { namespace: 'subs-subscription', key: 'telegram:1|N1', value: 'subscription' },
        { namespace: 'subs-watch', key: 'refused', value: 'watch' },
      ]),
    ).toThrow('refused by a trigger');
    expect(db.get('subs-chat', 'telegram:1')).toBe('index before');
    expect(db.get('subs-subscription', 'telegram:1|N1')).toBeUndefined();
    // And the connection goes on.
    db.apply([{ namespace: 'subs-watch', key: 'N1', value: 'watch' }]);
    expect(db.get('subs-watch', 'N1')).toBe('watch');
    db.close();
  });

  it('fails a write after its busy timeout while another process holds the write lock', () => {
    const file = freshFile();
    const db = openSqliteDatabase(file, { busyTimeoutMs: 20 });
    const other = new DatabaseSync(file);
    other.exec('BEGIN IMMEDIATE');
    try {
      expect(() => db.set('quota', 'k', '1')).toThrow(/database is locked/);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    db.set('quota', 'k', '1');
    expect(db.get('quota', 'k')).toBe('1');
    db.close();
  });

  it('never returns an expired record, and deletes expired ones as it opens and every so many writes', () => {
    const file = freshFile();
    let now = 1_000;
    const db = openSqliteDatabase(file, { now: () => now });
    db.set('cache', 'short', 'a', 2_000);
    db.set('cache', 'long', 'b', 9_000);
    db.set('cache', 'forever', 'c');
    now = 2_000;
    expect(db.getMany('cache', ['short', 'long', 'forever'])).toEqual([undefined, 'b', 'c']);
    expect(db.has('cache', 'short')).toBe(false);
    expect(db.page('cache', '', 10).map((row) => row.key)).toEqual(['forever', 'long']);
    const rows = () => withRaw(file, (raw) => raw.prepare('SELECT count(*) AS n FROM entries').get());
    expect(rows()).toEqual({ n: 3 });
    for (let i = 0; i < SWEEP_EVERY_WRITES; i++) db.set('other', `k${i % 10}`, 'x');
    expect(rows()).toEqual({ n: 12 });
    db.close();

    now = 10_000;
    openSqliteDatabase(file, { now: () => now }).close();
    expect(rows()).toEqual({ n: 11 });
  });

  it('refuses a file written by a newer release', () => {
    const file = freshFile();
    openSqliteDatabase(file).close();
    withRaw(file, (raw) => raw.exec('PRAGMA user_version = 2'));
    expect(() => openSqliteDatabase(file)).toThrow('the store file was written by a newer release (layout 2');
  });

  it('refuses a keyv table it does not know instead of guessing at its records', () => {
    const file = freshFile();
    withRaw(file, (raw) => raw.exec('CREATE TABLE keyv (key TEXT, value TEXT, namespace TEXT)'));
    expect(() => openSqliteDatabase(file)).toThrow('keyv table of an unknown layout (key, value, namespace)');
  });

  it('migrates a file of the previous release once: a second connection finds the work done', () => {
    const file = freshFile();
    copyFileSync(join(import.meta.dirname, 'fixtures', 'legacy-keyv5.sqlite'), file);
    const first = openSqliteDatabase(file);
    const second = openSqliteDatabase(file);
    expect(second.get('subs-watch', 'RB000000014HK')).toBe(first.get('subs-watch', 'RB000000014HK'));
    expect(second.page('subs-subscription', '', 100)).toHaveLength(5);
    first.close();
    second.close();
  });
});
