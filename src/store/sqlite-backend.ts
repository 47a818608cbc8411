import { createProcessLock } from '../collections/keyed-lock.js';
import { StoreFileLostError, StoreUnavailableError } from '../domain/store-unavailable.js';
import { createLocalLaneStates } from '../queue/local-lane-state.js';
import { createInProcessSchedule } from '../scheduler/due-schedule.js';
import { type KeyvNamespace, keyvNamespace } from './keyv-cache.js';
import { processLeases } from './leases.js';
import { openSqliteDatabase, type SqliteDatabaseOptions } from './sqlite-database.js';
import { groupCommit } from './sqlite-group-commit.js';
import { SqliteStorage } from './sqlite-storage.js';
import type { StoreBackend, StoreState } from './store-backend.js';
import { storeStateCell } from './store-state.js';
import { storedCounters } from './stored-counters.js';
import { guardBackend } from './unavailable-guard.js';

export interface SqliteBackendOptions extends SqliteDatabaseOptions {
  /** Told once when the file is found deleted or replaced (with the error naming it), and on closing. */
  readonly onStateChange?: (state: StoreState, error?: Error) => void;
}

/**
 * The embedded store: one SQLite connection (`sqlite-database.ts`) for every namespace, every write
 * through one group commit (`sqlite-group-commit.ts`; a batch is never split), locks and the poll
 * schedule and the carrier lanes' state in this process (one process uses the file), and the quota counters in the `quota`
 * namespace.
 *
 * `ready` until closed, unless its file is deleted or replaced while it runs (found by a write, or by
 * asking for the state, as the health check does): from then on it is `unavailable` for good and every
 * call fails with the `StoreFileLostError` that says so, since nothing written could be kept. A
 * statement SQLite refuses (the file locked by another process past the busy timeout, a full or
 * read-only disk, a damaged file) or a folder that cannot be read fails with a `StoreUnavailableError`,
 * and the next may succeed (the state reads `unavailable` while the folder cannot be read).
 */
export function openSqliteBackend(path: string, options: SqliteBackendOptions = {}): StoreBackend {
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
  const cell = storeStateCell('ready', path, options.onStateChange);
  let lost: StoreFileLostError | undefined;
  /** Latches the first sign that the file is no longer the one open. */
  const noteLost = (error: unknown) => {
    if (lost || !(error instanceof StoreFileLostError)) return;
    lost = error;
    cell.set('unavailable', error);
  };
  const backend: StoreBackend = {
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
    laneStates: createLocalLaneStates(),
    leases: processLeases(),
    /** Looks at the file first: a file deleted, replaced or out of reach is `unavailable`. */
    get state() {
      if (cell.state !== 'ready') return cell.state;
      try {
        db.verifyFile();
      } catch (error) {
        noteLost(error);
        return 'unavailable';
      }
      return cell.state;
    },
    ready: (signal) => cell.ready(signal),
    async close() {
      if (cell.state === 'closed') return;
      cell.set('closed');
      commit.flush();
      db.close();
    },
  };
  return guardBackend(backend, {
    check() {
      if (lost) throw lost;
      if (cell.state === 'closed') throw new StoreUnavailableError(path, 'it was closed');
    },
    classify(error) {
      if (error instanceof StoreUnavailableError) {
        noteLost(error);
        return error;
      }
      if (!isSqliteFailure(error)) return error;
      return new StoreUnavailableError(path, error.message, { cause: error });
    },
  });
}

/** What `node:sqlite` fails a statement with (`ERR_SQLITE_ERROR`: busy, full, read-only, damaged), or a closed connection. */
function isSqliteFailure(error: unknown): error is Error {
  if (!(error instanceof Error) || !('code' in error)) return false;
  return error.code === 'ERR_SQLITE_ERROR' || error.code === 'ERR_INVALID_STATE';
}
