import { createDueQueue } from './due-queue.js';

/**
 * When each key next comes due, shared by every instance that runs them. A claimed key is leased: not
 * handed out again before the lease ends, so when an instance dies mid-run another one runs it after the
 * lease; a run that finishes plans the next one, replacing the lease. Times are the app clock's epoch
 * ms. In process for the embedded store; a Redis sorted set for several instances
 * (`store/redis-due-schedule.ts`).
 */
export interface DueSchedule {
  /** Plans the key to come due at `at`; with `ifMissing`, an existing plan or lease is kept. */
  plan(key: string, at: number, options?: { readonly ifMissing?: boolean }): Promise<void>;
  drop(key: string): Promise<void>;
  /** Claims up to `limit` keys due at `now`, earliest first, each leased until `now + leaseMs`. */
  claimDue(now: number, limit: number, leaseMs: number): Promise<string[]>;
  /** When the earliest plan (or lease) ends, if any. */
  nextAt(): Promise<number | undefined>;
}

/** A {@link DueSchedule} in this process's memory. */
export function createInProcessSchedule(): DueSchedule {
  const queue = createDueQueue();
  return {
    async plan(key, at, options) {
      if (!(options?.ifMissing && queue.has(key))) queue.set(key, at);
    },
    drop: async (key) => queue.delete(key),
    async claimDue(now, limit, leaseMs) {
      const claimed = queue.takeDue(now, limit);
      for (const key of claimed) queue.set(key, now + leaseMs);
      return claimed;
    },
    nextAt: async () => queue.nextAt(),
  };
}
