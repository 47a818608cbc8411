import { createDueQueue } from './due-queue.js';

/**
 * When each followed number is next polled, shared by every instance that polls. A claimed number is
 * leased: not handed out again before the lease ends, so when an instance dies mid-poll another one
 * polls it after the lease; a poll that finishes plans the next one, replacing the lease. Times are the
 * app clock's epoch ms. In process for the embedded store; a Redis sorted set for several instances
 * (`store/redis-due-schedule.ts`).
 */
export interface DueSchedule {
  /** Plans the number's next poll at `at`; with `ifMissing`, an existing plan or lease is kept. */
  plan(number: string, at: number, options?: { readonly ifMissing?: boolean }): Promise<void>;
  drop(number: string): Promise<void>;
  /** Claims up to `limit` numbers due at `now`, earliest first, each leased until `now + leaseMs`. */
  claimDue(now: number, limit: number, leaseMs: number): Promise<string[]>;
  /** When the earliest plan (or lease) ends, if any. */
  nextAt(): Promise<number | undefined>;
}

/** A {@link DueSchedule} in this process's memory. */
export function createInProcessSchedule(): DueSchedule {
  const queue = createDueQueue();
  return {
    async plan(number, at, options) {
      if (!(options?.ifMissing && queue.has(number))) queue.set(number, at);
    },
    drop: async (number) => queue.delete(number),
    async claimDue(now, limit, leaseMs) {
      const claimed = queue.takeDue(now, limit);
      for (const number of claimed) queue.set(number, now + leaseMs);
      return claimed;
    },
    nextAt: async () => queue.nextAt(),
  };
}
