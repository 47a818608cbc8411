import { MinHeap } from '../collections/min-heap.js';

/**
 * Tracking numbers by the time their next poll is due: a min-heap with one live entry per number
 * (re-planning leaves the old entry behind, skipped when it surfaces). O(log n) per change.
 */
export interface DueQueue {
  /** Polls `number` at `at` (epoch ms), replacing any earlier plan for it. */
  set(number: string, at: number): void;
  delete(number: string): void;
  has(number: string): boolean;
  /** Takes up to `limit` numbers due at `now`, earliest first. */
  takeDue(now: number, limit: number): string[];
  /** When the earliest poll is due, if any. */
  nextAt(): number | undefined;
}

interface Entry {
  readonly at: number;
  readonly number: string;
}

export function createDueQueue(): DueQueue {
  const heap = new MinHeap<Entry>((a, b) => a.at < b.at);
  const live = new Map<string, number>();
  const isLive = (entry: Entry) => live.get(entry.number) === entry.at;
  /** Drops replaced or deleted entries from the top. */
  const prune = () => {
    for (let top = heap.peek(); top && !isLive(top); top = heap.peek()) heap.pop();
  };

  return {
    set(number, at) {
      live.set(number, at);
      heap.push({ at, number });
    },
    delete: (number) => void live.delete(number),
    has: (number) => live.has(number),
    takeDue(now, limit) {
      const due: string[] = [];
      for (prune(); due.length < limit && (heap.peek()?.at ?? Number.POSITIVE_INFINITY) <= now; prune()) {
        const entry = heap.pop() as Entry;
        live.delete(entry.number);
        due.push(entry.number);
      }
      return due;
    },
    nextAt() {
      prune();
      return heap.peek()?.at;
    },
  };
}
