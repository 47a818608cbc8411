import type { CarrierError } from '../domain/carrier-error.js';
import { backoffMs } from './backoff.js';
import { halve } from './batches.js';
import type { LaneEntry, Priority, Waiting } from './lane-entry.js';

/** Whole-call attempts per lookup, by priority, unless the lane is told otherwise. */
export const DEFAULT_MAX_ATTEMPTS: Readonly<Record<Priority, number>> = { interactive: 2, background: 5 };

/** A batch refused as a whole for one of its items: its halves go back first in line (`halve`). */
export function requeueHalves(waiting: Waiting, batch: readonly LaneEntry[], now: number): void {
  halve(batch);
  for (const entry of [...batch].reverse()) {
    entry.notBefore = now;
    waiting[entry.priority].unshift(entry);
  }
}

interface RetryPlan {
  readonly now: number;
  /** Not again before this long (a pause). */
  readonly minDelayMs: number;
  /** Back off with jitter (transient failures); without it, exactly `minDelayMs`. */
  readonly random?: () => number;
  readonly maxAttempts: Readonly<Record<Priority, number>>;
}

/** Requeues first in line the entries that have attempts left (after a delay); fails the others with `error`. */
export function retryOrFail(
  waiting: Waiting,
  batch: readonly LaneEntry[],
  error: CarrierError,
  plan: RetryPlan,
): void {
  for (const entry of [...batch].reverse()) {
    entry.attempts += 1;
    if (entry.attempts >= plan.maxAttempts[entry.priority]) {
      entry.resolve({ kind: 'failed', error });
      continue;
    }
    const delay = plan.random
      ? backoffMs(entry.attempts, plan.random, { retryAfterMs: error.retryAfterMs ?? 0 })
      : plan.minDelayMs;
    entry.notBefore = plan.now + Math.max(delay, plan.minDelayMs);
    waiting[entry.priority].unshift(entry);
  }
}
