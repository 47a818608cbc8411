import { createProcessLock } from '../../collections/keyed-lock.js';

/**
 * Work per chat in arrival order, chats side by side: a chat's updates are handled one after another
 * (so `/language zh-HK` then `/track` answers in Chinese) and its messages are sent in the order the
 * core produced them, while one slow chat never holds up another.
 */
export interface ChatQueue {
  /** Runs `task` after every task queued earlier for `key` has settled; resolves or rejects as it does. */
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Resolves once every queued task has settled, including tasks queued while waiting. */
  idle(): Promise<void>;
}

/** The per-key lock's ordering, plus a way to wait for everything queued. */
export function createChatQueue(): ChatQueue {
  const lock = createProcessLock();
  const unsettled = new Set<Promise<unknown>>();
  return {
    run(key, task) {
      const result = lock.withLock(key, task);
      const settled = result.then(
        () => undefined,
        () => undefined,
      );
      unsettled.add(settled);
      void settled.then(() => unsettled.delete(settled));
      return result;
    },
    async idle() {
      while (unsettled.size > 0) await Promise.all(unsettled);
    },
  };
}
