import type { Logger } from '../../logger.js';
import { createLocalPollHold, type PollHold } from '../../queue/poll-hold.js';
import type { Clock } from '../../time/clock.js';
import type { AdapterBudget } from './budget.js';

/**
 * Where due polls wait to go out as full batches at their carrier's steady pace. Numbers come due one by
 * one (each at its own time); sent as they came, a batching carrier would get one item per request
 * (Hongkong Post: 30 allowed, the daily quota spent 30 times faster). Per adapter, a batch goes when it
 * is full or when its oldest number has waited the adapter's gather time, and never sooner than the
 * adapter's pace after the previous one (`AdapterBudget.paceMs`): background polls use at most their
 * share of every limit, whatever the plan, and the rest is left to people's lookups.
 *
 * The numbers wait in each adapter's `PollHold`: in this process on the embedded store; on Redis, one
 * held set and one pace for every instance (`store/redis-poll-hold.ts`), so numbers due on any instance
 * fill the same batch, whichever instance takes it sends it (a poll's result goes to the shared store
 * and schedule, whoever polled), and N instances together poll at the pace of one. Every instance that
 * holds numbers keeps taking batches until the held set is empty.
 */
export interface PollGatherer {
  /** Numbers due for polling, with the adapter each was last polled through (unknown: sent at once). */
  add(due: readonly (readonly [number: string, adapter: string | undefined])[]): Promise<void>;
  /** Sends everything held now, ignoring pace and gathering; resolves once every poll sent has ended. */
  flush(): Promise<void>;
  /** Sends nothing more; resolves once the polls under way have ended. What is held stays unpolled. */
  stop(): Promise<void>;
}

export interface PollGathererDeps {
  readonly budgets: readonly AdapterBudget[];
  readonly clock: Clock;
  readonly logger: Logger;
  /** Polls one batch (one adapter's numbers); settles its own failures. */
  readonly send: (numbers: readonly string[]) => Promise<void>;
  /** Where an adapter's numbers wait (`StoreBackend.laneStates.pollHold`). @defaultValue in this process */
  readonly holdOf?: (adapter: string) => PollHold;
}

interface Pending {
  readonly budget: AdapterBudget;
  readonly hold: PollHold;
  pumping: boolean;
  wake: AbortController;
}

export function createPollGatherer(deps: PollGathererDeps): PollGatherer {
  const budgets = new Map(deps.budgets.map((b) => [b.adapter, b]));
  const holdOf = deps.holdOf ?? (() => createLocalPollHold());
  const lanes = new Map<string, Pending>();
  /** Being polled here: added again meanwhile (a lease ran out), a number is not polled twice. */
  const polling = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  const stopping = new AbortController();

  const laneOf = (adapter: string, budget: AdapterBudget): Pending => {
    let lane = lanes.get(adapter);
    if (!lane) {
      lane = { budget, hold: holdOf(adapter), pumping: false, wake: new AbortController() };
      lanes.set(adapter, lane);
    }
    return lane;
  };

  const dispatch = (numbers: readonly string[]) => {
    const fresh = numbers.filter((n) => !polling.has(n));
    if (fresh.length === 0) return;
    for (const n of fresh) polling.add(n);
    const sent = deps
      .send(fresh)
      .catch((error: unknown) => deps.logger.error({ err: error }, 'a batch of polls failed'))
      .finally(() => {
        inFlight.delete(sent);
        for (const n of fresh) polling.delete(n);
      });
    inFlight.add(sent);
  };

  const rulesOf = ({ batchSize, gatherMs, paceMs }: AdapterBudget) => ({ batchSize, gatherMs, paceMs });

  /** Takes the lane's batches as they become due, sleeping on the clock in between, until none is held. */
  async function pump(lane: Pending): Promise<void> {
    lane.pumping = true;
    try {
      while (!stopping.signal.aborted) {
        const now = deps.clock.now();
        const taken = await lane.hold.take(now, rulesOf(lane.budget));
        if (taken.numbers.length > 0) dispatch(taken.numbers);
        if (taken.nextAt === undefined) return;
        if (taken.nextAt > now) {
          await deps.clock
            .sleep(taken.nextAt - now, AbortSignal.any([stopping.signal, lane.wake.signal]))
            .catch(() => undefined);
          if (lane.wake.signal.aborted) lane.wake = new AbortController();
        }
      }
    } catch (error) {
      deps.logger.error(
        { err: error },
        'held polls could not be taken; they are taken again at the next due',
      );
    } finally {
      lane.pumping = false;
    }
  }

  return {
    async add(due) {
      const unpaced: string[] = [];
      const byLane = new Map<Pending, string[]>();
      for (const [number, adapter] of due) {
        const budget = adapter === undefined ? undefined : budgets.get(adapter);
        if (adapter === undefined || !budget) {
          unpaced.push(number);
          continue;
        }
        const lane = laneOf(adapter, budget);
        byLane.set(lane, [...(byLane.get(lane) ?? []), number]);
      }
      if (unpaced.length > 0) dispatch(unpaced);
      for (const [lane, numbers] of byLane) {
        await lane.hold.add(numbers, deps.clock.now());
        if (!lane.pumping) void pump(lane);
        else lane.wake.abort();
      }
    },
    async flush() {
      for (const lane of lanes.values()) {
        for (;;) {
          const taken = await lane.hold.take(deps.clock.now(), rulesOf(lane.budget), true);
          dispatch(taken.numbers);
          if (taken.nextAt === undefined) break;
        }
      }
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
    async stop() {
      stopping.abort();
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
  };
}
