import type { RowChange, SqliteDatabase } from './sqlite-database.js';

/** Writes the embedded store's changes: resolves once they are committed. */
export type SqliteWriter = (changes: readonly RowChange[]) => Promise<void>;

export interface GroupCommit extends SqliteWriter {
  /** Commits what is waiting now (before the connection closes). */
  flush(): void;
}

interface Pending {
  readonly changes: readonly RowChange[];
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: the writes asked for during one turn of the event loop go to SQLite in one
 * transaction, on the next turn, and each caller is answered once it has been committed. A commit
 * costs the same few pages and syscalls however many small writes it carries, and concurrent chats
 * subscribing, or a poll's fan-out, ask for many at once. Order is kept (a later write of a key wins,
 * as it would one by one), and so is each batch's all-or-nothing: when a group fails, its batches are
 * tried one by one, so only the one at fault is refused. A commit that fails with its connection
 * (closed, busy past the timeout) fails every caller of the group.
 */
export function groupCommit(db: SqliteDatabase): GroupCommit {
  let queue: Pending[] = [];
  const flush = () => {
    const group = queue;
    queue = [];
    if (group.length === 0) return;
    try {
      db.apply(group.flatMap((p) => p.changes));
      for (const p of group) p.resolve();
    } catch (error) {
      if (group.length === 1) {
        group[0]?.reject(error);
        return;
      }
      for (const p of group) {
        try {
          db.apply(p.changes);
          p.resolve();
        } catch (own) {
          p.reject(own);
        }
      }
    }
  };
  const write: SqliteWriter = (changes) =>
    new Promise<void>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush);
      queue.push({ changes, resolve, reject });
    });
  return Object.assign(write, { flush });
}
