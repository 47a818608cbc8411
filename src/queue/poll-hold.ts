/** How one adapter's held polls go out: up to `batchSize` a batch, one batch per `paceMs` at most. */
interface HoldRules {
  readonly batchSize: number;
  /** A part-full batch goes once its oldest number has waited this long. */
  readonly gatherMs: number;
  /** Least time between two batches taken, by every process together. */
  readonly paceMs: number;
}

interface TakenBatch {
  /** The numbers to poll now (empty when none may go yet). */
  readonly numbers: readonly string[];
  /** When to ask again; undefined when nothing is held. */
  readonly nextAt?: number;
}

/**
 * One adapter's due background polls waiting to go out as full batches at the adapter's steady pace
 * (`subscriptions/polling/poll-gatherer.ts`). Shared through Redis by every instance
 * (`store/redis-poll-hold.ts`): a number due on any instance joins the same held set, and whichever
 * instance takes the next batch sends it full; the pace is kept by all of them together, so N instances
 * use the background share once, not N times. In this process for the embedded store.
 */
export interface PollHold {
  /** Holds the numbers (one already held keeps its place and its time). */
  add(numbers: readonly string[], now: number): Promise<void>;
  /**
   * Takes the next batch if one may go at `now` (full, or its oldest has waited `gatherMs`, and the
   * pace allows), oldest first; `force` takes up to a batch ignoring both.
   */
  take(now: number, rules: HoldRules, force?: boolean): Promise<TakenBatch>;
}

/** A {@link PollHold} in this process: one Postie on the file (the embedded store). */
export function createLocalPollHold(): PollHold {
  /** Number → when it was added, oldest first. */
  const held = new Map<string, number>();
  let lastTakenAt = Number.NEGATIVE_INFINITY;
  return {
    async add(numbers, now) {
      for (const n of numbers) if (!held.has(n)) held.set(n, now);
    },
    async take(now, { batchSize, gatherMs, paceMs }, force = false) {
      if (held.size === 0) return { numbers: [] };
      const oldest = held.values().next().value as number;
      const readyAt = held.size >= batchSize ? now : oldest + gatherMs;
      const at = Math.max(readyAt, lastTakenAt + paceMs);
      if (at > now && !force) return { numbers: [], nextAt: at };
      const numbers = [...held.keys()].slice(0, batchSize);
      for (const n of numbers) held.delete(n);
      // A forced batch (a flush) is not paced, and does not delay the paced ones.
      if (!force) lastTakenAt = now;
      return { numbers, ...(held.size > 0 ? { nextAt: now } : {}) };
    },
  };
}
