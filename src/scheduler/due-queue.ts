/**
 * Tracking numbers by the time their next poll is due: a binary min-heap with one live entry per
 * number (re-scheduling leaves the old entry behind, skipped when it surfaces). O(log n) per change.
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
  readonly size: number;
}

interface Entry {
  readonly at: number;
  readonly number: string;
}

export function createDueQueue(): DueQueue {
  const heap: Entry[] = [];
  const live = new Map<string, number>();

  const less = (i: number, j: number) => (heap[i] as Entry).at < (heap[j] as Entry).at;
  const swap = (i: number, j: number) => {
    [heap[i], heap[j]] = [heap[j] as Entry, heap[i] as Entry];
  };
  const up = (start: number) => {
    for (let i = start; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!less(i, parent)) return;
      swap(i, parent);
      i = parent;
    }
  };
  const down = (start: number) => {
    for (let i = start; ; ) {
      const [l, r] = [2 * i + 1, 2 * i + 2];
      let least = i;
      if (l < heap.length && less(l, least)) least = l;
      if (r < heap.length && less(r, least)) least = r;
      if (least === i) return;
      swap(i, least);
      i = least;
    }
  };
  const pop = () => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      down(0);
    }
    return top;
  };
  /** Drops entries that were replaced or deleted from the top. */
  const prune = () => {
    while (heap.length > 0 && live.get((heap[0] as Entry).number) !== (heap[0] as Entry).at) pop();
  };

  return {
    set(number, at) {
      live.set(number, at);
      heap.push({ at, number });
      up(heap.length - 1);
    },
    delete: (number) => void live.delete(number),
    has: (number) => live.has(number),
    takeDue(now, limit) {
      const due: string[] = [];
      for (prune(); due.length < limit && heap.length > 0 && (heap[0] as Entry).at <= now; prune()) {
        const entry = pop() as Entry;
        live.delete(entry.number);
        due.push(entry.number);
      }
      return due;
    },
    nextAt() {
      prune();
      return heap[0]?.at;
    },
    get size() {
      return live.size;
    },
  };
}
