import type { Logger } from '../../logger.js';
import type { Clock } from '../../time/clock.js';
import type { AdapterBudget } from './budget.js';

/**
 * Where due polls wait to go out as full batches at their carrier's steady pace. Numbers come due one by
 * one (each at its own time); sent as they came, a batching carrier would get one item per request
 * (Hongkong Post: 30 allowed, the daily quota spent 30 times faster). Per adapter, a batch goes when it
 * is full or when its oldest number has waited the adapter's gather time, and never sooner than the
 * adapter's pace after the previous one (`AdapterBudget.paceMs`): background polls use at most their
 * share of every limit, whatever the plan, and the rest is left to people's lookups.
 */
export interface PollGatherer {
  /** Numbers due for polling, with the adapter each was last polled through (unknown: sent at once). */
  add(due: readonly (readonly [number: string, adapter: string | undefined])[]): void;
  /** Sends everything held now, ignoring pace and gathering; resolves once every poll sent has ended. */
  flush(): Promise<void>;
  /** Numbers held or being polled. */
  readonly size: number;
  /** Sends nothing more; resolves once the polls under way have ended. What is held stays unpolled. */
  stop(): Promise<void>;
}

export interface PollGathererDeps {
  readonly budgets: readonly AdapterBudget[];
  readonly clock: Clock;
  readonly logger: Logger;
  /** Polls one batch (one adapter's numbers); settles its own failures. */
  readonly send: (numbers: readonly string[]) => Promise<void>;
}

interface Pending {
  readonly budget: AdapterBudget | undefined;
  /** Number → when it was added, oldest first. */
  readonly held: Map<string, number>;
  lastSentAt: number;
  pumping: boolean;
  wake: AbortController;
}

export function createPollGatherer(deps: PollGathererDeps): PollGatherer {
  const budgets = new Map(deps.budgets.map((b) => [b.adapter, b]));
  const lanes = new Map<string, Pending>();
  /** Held or being polled: added again (a lease ran out while it waited), a number is not polled twice. */
  const busy = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  const stopping = new AbortController();

  const laneOf = (adapter: string): Pending => {
    let lane = lanes.get(adapter);
    if (!lane) {
      const budget = budgets.get(adapter);
      lane = {
        budget,
        held: new Map(),
        lastSentAt: Number.NEGATIVE_INFINITY,
        pumping: false,
        wake: new AbortController(),
      };
      lanes.set(adapter, lane);
    }
    return lane;
  };

  const dispatch = (numbers: readonly string[]) => {
    const sent = deps
      .send(numbers)
      .catch((error: unknown) => deps.logger.error({ err: error }, 'a batch of polls failed'))
      .finally(() => {
        inFlight.delete(sent);
        for (const n of numbers) busy.delete(n);
      });
    inFlight.add(sent);
  };

  const take = (lane: Pending, count: number): string[] => {
    const batch: string[] = [];
    for (const number of lane.held.keys()) {
      if (batch.length >= count) break;
      batch.push(number);
    }
    for (const n of batch) lane.held.delete(n);
    return batch;
  };

  /** Sends the lane's batches as they become due, sleeping on the clock in between. */
  async function pump(lane: Pending, budget: AdapterBudget): Promise<void> {
    lane.pumping = true;
    try {
      while (lane.held.size > 0 && !stopping.signal.aborted) {
        const now = deps.clock.now();
        const oldest = lane.held.values().next().value as number;
        const readyAt = lane.held.size >= budget.batchSize ? now : oldest + budget.gatherMs;
        const at = Math.max(readyAt, lane.lastSentAt + budget.paceMs);
        if (at > now) {
          await deps.clock
            .sleep(at - now, AbortSignal.any([stopping.signal, lane.wake.signal]))
            .catch(() => undefined);
          if (lane.wake.signal.aborted) lane.wake = new AbortController();
          continue;
        }
        lane.lastSentAt = now;
        dispatch(take(lane, budget.batchSize));
      }
    } finally {
      lane.pumping = false;
    }
  }

  return {
    add(due) {
      const unpaced: string[] = [];
      const touched = new Set<Pending>();
      for (const [number, adapter] of due) {
        if (busy.has(number)) continue;
        busy.add(number);
        const lane = adapter === undefined ? undefined : laneOf(adapter);
        if (!lane?.budget) {
          unpaced.push(number);
          continue;
        }
        lane.held.set(number, deps.clock.now());
        touched.add(lane);
      }
      if (unpaced.length > 0) dispatch(unpaced);
      for (const lane of touched) {
        const budget = lane.budget as AdapterBudget;
        if (!lane.pumping) void pump(lane, budget);
        else if (lane.held.size >= budget.batchSize) lane.wake.abort();
      }
    },
    async flush() {
      for (const lane of lanes.values()) {
        const size = lane.budget?.batchSize ?? 1;
        while (lane.held.size > 0) dispatch(take(lane, size));
      }
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
    get size() {
      return busy.size;
    },
    async stop() {
      stopping.abort();
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
  };
}
