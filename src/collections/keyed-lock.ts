/**
 * Mutual exclusion per key: `withLock(key, work)` runs `work` after every earlier holder of `key` has
 * finished, so a read-change-write on one record cannot lose another's update. The embedded store runs in
 * one process and uses {@link createProcessLock}; instances sharing Redis use `store/redis-lock.ts`.
 */
export interface KeyedLock {
  withLock<T>(key: string, work: () => Promise<T>): Promise<T>;
}

/** Holders of one key queue in arrival order; keys are independent; nothing is kept for idle keys. */
export function createProcessLock(): KeyedLock & { readonly busyKeys: number } {
  const tails = new Map<string, Promise<unknown>>();
  return {
    /** Keys with a holder or waiters now. */
    get busyKeys() {
      return tails.size;
    },
    withLock(key, work) {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(work, work);
      const tail = result.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
  };
}
