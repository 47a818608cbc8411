import { createInProcessSchedule } from '../scheduler/due-schedule.js';
import { createProcessLock } from './keyed-lock.js';
import { type KeyvNamespace, keyvNamespace } from './keyv-cache.js';
import { openSqliteDatabase, type SqliteDatabaseOptions } from './sqlite-database.js';
import { groupCommit } from './sqlite-group-commit.js';
import { SqliteStorage } from './sqlite-storage.js';
import type { StoreBackend, StoreState } from './store-backend.js';
import { storedCounters } from './stored-counters.js';

/**
 * The embedded store: one SQLite connection (`sqlite-database.ts`) for every namespace, every write
 * through one group commit (`sqlite-group-commit.ts`; a batch is never split), locks and the poll
 * schedule in this process (one process uses the file), and the quota counters in the `quota`
 * namespace.
 */
export function openSqliteBackend(path: string, options: SqliteDatabaseOptions = {}): StoreBackend {
  const db = openSqliteDatabase(path, options);
  const commit = groupCommit(db);
  const namespaces = new Map<string, KeyvNamespace>();
  const named = (name: string) => {
    let found = namespaces.get(name);
    if (!found) {
      found = keyvNamespace(name, new SqliteStorage(db, name, commit));
      namespaces.set(name, found);
    }
    return found;
  };
  const lock = createProcessLock();
  let state: StoreState = 'ready';
  return {
    kind: 'embedded',
    namespace: (name) => named(name).cache,
    async write(changes) {
      const rows = await Promise.all(
        changes.map(async ({ namespace, key, value }) => ({
          namespace,
          key,
          value: value === undefined ? undefined : await named(namespace).encode(value),
        })),
      );
      await commit(rows);
    },
    counters: storedCounters(named('quota').cache, lock),
    lock,
    dueSchedule: createInProcessSchedule(),
    get state() {
      return state;
    },
    async close() {
      if (state === 'closed') return;
      state = 'closed';
      commit.flush();
      db.close();
    },
  };
}
