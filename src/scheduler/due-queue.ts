import { MinHeap } from '../collections/min-heap.js';

/**
 * Keys by the time they next come due: a min-heap with one live entry per key (re-planning leaves the
 * old entry behind, skipped when it surfaces). O(log n) per change.
 */
export interface DueQueue {
  /** Makes `key` due at `at` (epoch ms), replacing any earlier plan for it. */
  set(key: string, at: number): void;
  delete(key: string): void;
  has(key: string): boolean;
  /** Takes up to `limit` keys due at `now`, earliest first. */
  takeDue(now: number, limit: number): string[];
  /** When the earliest key is due, if any. */
  nextAt(): number | undefined;
}

interface Entry {
  readonly at: number;
  readonly key: string;
}

export function createDueQueue(): DueQueue {
  const heap = new MinHeap<Entry>((a, b) => a.at < b.at);
  const live = new Map<string, number>();
  const isLive = (entry: Entry) => live.get(entry.key) === entry.at;
  /** Drops replaced or deleted entries from the top. */
  const prune = () => {
    for (let top = heap.peek(); top && !isLive(top); top = heap.peek()) heap.pop();
  };

  return {
    set(key, at) {
      live.set(key, at);
      heap.push({ at, key });
    },
    delete: (key) => void live.delete(key),
    has: (key) => live.has(key),
    takeDue(now, limit) {
      const due: string[] = [];
      for (prune(); due.length < limit && (heap.peek()?.at ?? Number.POSITIVE_INFINITY) <= now; prune()) {
        const entry = heap.pop() as Entry;
        live.delete(entry.key);
        due.push(entry.key);
      }
      return due;
    },
    nextAt() {
      prune();
      return heap.peek()?.at;
    },
  };
}
