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

export function createChatQueue(): ChatQueue {
  const tails = new Map<string, Promise<void>>();
  const settle = (): void => undefined;
  return {
    run(key, task) {
      const result = (tails.get(key) ?? Promise.resolve()).then(task);
      const tail = result.then(settle, settle);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    async idle() {
      while (tails.size > 0) await Promise.all(tails.values());
    },
  };
}
