import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteDatabase, type RowChange, type SqliteDatabase } from '../../src/store/sqlite-database.js';
import { groupCommit } from '../../src/store/sqlite-group-commit.js';

const dir = mkdtempSync(join(tmpdir(), 'postie-group-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The database, with every transaction it is asked for recorded (its changes' keys). */
function recording(db: SqliteDatabase) {
  const transactions: string[][] = [];
  const spied: SqliteDatabase = {
    ...db,
    apply(changes) {
      transactions.push(changes.map((c) => c.key));
      db.apply(changes);
    },
  };
  return { spied, transactions };
}

const row = (key: string, value = 'v'): RowChange => ({ namespace: 'n', key, value });

describe('the embedded store group commit', () => {
  it('commits the writes asked for together in one transaction, in order, and answers each after it', async () => {
    const db = openSqliteDatabase(':memory:');
    const { spied, transactions } = recording(db);
    const write = groupCommit(spied);
    let answered = 0;
    const writes = [
      write([row('a', '1'), row('b')]).then(() => answered++),
      write([row('a', '2')]).then(() => answered++),
      write([row('c')]).then(() => answered++),
    ];
    expect(transactions).toEqual([]);
    await Promise.all(writes);
    expect(answered).toBe(3);
    expect(transactions).toEqual([['a', 'b', 'a', 'c']]);
    expect(db.get('n', 'a')).toBe('2');
    db.close();
  });

  it('refuses only the batch at fault when a group fails, and keeps each batch whole', async () => {
    const file = join(dir, 'refusing.sqlite');
    const db = openSqliteDatabase(file);
    const raw = new DatabaseSync(file);
    raw.exec(`CREATE TRIGGER refuse BEFORE INSERT ON entries WHEN NEW.key = 'refused'
              BEGIN SELECT RAISE(ABORT, 'refused by a trigger'); END`);
    raw.close();
    const write = groupCommit(db);
    const results = await Promise.allSettled([
      write([row('first')]),
      write([row('half'), row('refused')]),
      write([row('last')]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect([db.get('n', 'first'), db.get('n', 'half'), db.get('n', 'last')]).toEqual(['v', undefined, 'v']);
    db.close();
  });

  it('commits what is waiting when asked to flush, before the connection closes', async () => {
    const file = join(dir, 'flushed.sqlite');
    const db = openSqliteDatabase(file);
    const write = groupCommit(db);
    const written = write([row('late')]);
    write.flush();
    db.close();
    await written;
    const reopened = openSqliteDatabase(file);
    expect(reopened.get('n', 'late')).toBe('v');
    reopened.close();
  });
});
