/**
 * The store cannot do what was asked now: Redis unreachable, not answering or refusing; the SQLite file
 * gone, replaced, locked by another process or refused by the disk. Every store call fails with this
 * (its `cause` is the store's own error), so callers tell "the store is away" from "not found" or a
 * bug, and answer "temporarily unavailable, try again in a minute" instead of anything false. A write
 * that failed this way is not acknowledged; one that timed out on Redis may still have landed.
 *
 * The message names the store as `describeStoreUrl` does (never a password) and is safe to log.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  /** Where the store is, as `describeStoreUrl` shows it: `redis://host:port/db` or the SQLite file's path. */
  readonly store: string;

  constructor(store: string, reason: string, options?: { readonly cause?: unknown }) {
    super(`the store ${store} (STORE_URL) is unavailable: ${reason}`, options);
    this.store = store;
  }
}

/**
 * The embedded store's file is no longer the one its connection has open: deleted (alone or with its
 * folder) or replaced while Postie runs. For good: nothing written from then on could be read after a
 * restart, so the store stays unavailable until Postie restarts.
 */
export class StoreFileLostError extends StoreUnavailableError {}

/** Whether `error` is, or was caused by, the store being unavailable. */
export function isStoreUnavailable(error: unknown): error is Error {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof StoreUnavailableError) return true;
  }
  return false;
}
