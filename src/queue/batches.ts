import type { LaneLimits } from '../carriers/adapter.js';
import type { Locale } from '../domain/locale.js';
import type { LaneEntry, Waiting } from './lane-entry.js';

/**
 * How a lane fills its batches: which waiting entries go together, and when. Pure: the lane owns the
 * queues and the clock.
 */

/**
 * When a batch may go: at once when one is full, else when the oldest eligible entry has waited the
 * batch window; with nothing eligible, when the first entry's backoff ends.
 */
export function batchReadyAt(
  waiting: Waiting,
  limits: Pick<LaneLimits, 'batchSize' | 'batchWindowMs'>,
  now: number,
): number {
  const all = [...waiting.interactive, ...waiting.background];
  const eligible = all.filter((e) => e.notBefore <= now);
  if (eligible.length === 0) return Math.min(...all.map((e) => e.notBefore));
  if (eligible.length >= limits.batchSize) return now;
  return Math.min(...eligible.map((e) => e.enqueuedAt)) + limits.batchWindowMs;
}

/**
 * Takes up to `batchSize` eligible entries of one locale off the queues, interactive first, oldest first,
 * one per number, and no more than any member's `maxBatch`.
 */
export function takeBatch(waiting: Waiting, batchSize: number, now: number): LaneEntry[] {
  const batch: LaneEntry[] = [];
  let locale: Locale | undefined;
  let cap = batchSize;
  for (const priority of ['interactive', 'background'] as const) {
    const queue = waiting[priority];
    for (let i = 0; i < queue.length && batch.length < cap; ) {
      const entry = queue[i] as LaneEntry;
      locale ??= entry.notBefore <= now ? entry.locale : undefined;
      const entryCap = Math.min(cap, entry.maxBatch ?? cap);
      if (
        entry.notBefore <= now &&
        entry.locale === locale &&
        batch.length < entryCap &&
        !batch.some((b) => b.request.number === entry.request.number)
      ) {
        batch.push(entry);
        cap = entryCap;
        queue.splice(i, 1);
      } else {
        i++;
      }
    }
  }
  return batch;
}

/**
 * A batch refused as a whole for one of its items: each half is to be sent as a batch of its own (its
 * entries' `maxBatch`), until the item is alone and gets its own answer (30 numbers with one bad item
 * take 11 requests). Not a failure of the carrier: no attempt is counted and the breaker is not told.
 */
export function halve(batch: readonly LaneEntry[]): void {
  const half = Math.ceil(batch.length / 2);
  for (const part of [batch.slice(0, half), batch.slice(half)]) {
    for (const entry of part) entry.maxBatch = part.length;
  }
}
