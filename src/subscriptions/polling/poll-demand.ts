import type { Logger } from '../../logger.js';
import type { WatchRecord } from '../subscription-records.js';
import { type AdapterBudget, createBudgetWatch } from './budget.js';
import { type PollPace, pollsPerDay } from './cadence.js';

/**
 * What the followed numbers ask of each carrier: every number's polls per day at its own pace, summed
 * per adapter as numbers come and go, and the stretch that keeps each budgeted adapter within its
 * budget (`budget.ts`).
 */
export interface PollDemand {
  /** Counts the watch at its pace now, in place of what was counted for its number before. */
  count(watch: WatchRecord): void;
  /** Stops counting the number: no longer followed. */
  forget(number: string): void;
  /** How many numbers are counted. */
  watched(): number;
  /** Planned polls per day per adapter at the parcels' own pace (the budget's demand). */
  perAdapter(): ReadonlyMap<string, number>;
  /** Compares each budgeted adapter's demand with its budget and sets its stretch (logged when it changes). */
  review(): void;
  /** The pace of an adapter's parcels: its stretch as last reviewed (1 = their own pace) and floor. */
  paceOf(adapter: string | undefined): PollPace;
  /** The adapter a counted number was last polled through, if known. */
  adapterOf(number: string): string | undefined;
}

interface Counted {
  readonly adapter: string | undefined;
  readonly perDay: number;
}

export function createPollDemand(budgets: readonly AdapterBudget[], logger: Logger): PollDemand {
  const budgetWatch = createBudgetWatch(logger);
  const floorMs = new Map(budgets.map((b) => [b.adapter, b.floorMs]));
  const floorOf = (adapter: string | undefined) => (adapter && floorMs.get(adapter)) || 0;
  const stretch = new Map<string, number>();
  /** Each watched number's adapter and polls per day at its own pace. */
  const planned = new Map<string, Counted>();
  /**
   * Their sum per adapter, kept as numbers come and go: a pass reviews the budgets after every batch,
   * and summing every watched number each time made a day of small passes quadratic.
   */
  const perAdapter = new Map<string, number>();
  const add = (entry: Counted | undefined, sign: 1 | -1) => {
    if (entry?.adapter)
      perAdapter.set(entry.adapter, (perAdapter.get(entry.adapter) ?? 0) + sign * entry.perDay);
  };

  return {
    count(watch) {
      const at = watch.lastPolledAt ?? watch.subscribedAt;
      const entry = {
        adapter: watch.adapter,
        perDay: pollsPerDay(watch, at, { floorMs: floorOf(watch.adapter) }),
      };
      add(planned.get(watch.number), -1);
      add(entry, 1);
      planned.set(watch.number, entry);
    },
    forget(number) {
      add(planned.get(number), -1);
      planned.delete(number);
    },
    watched: () => planned.size,
    perAdapter: () => new Map(perAdapter),
    review() {
      for (const budget of budgets) {
        stretch.set(budget.adapter, budgetWatch.observe(budget, perAdapter.get(budget.adapter) ?? 0));
      }
    },
    paceOf: (adapter) => ({ stretch: (adapter && stretch.get(adapter)) || 1, floorMs: floorOf(adapter) }),
    adapterOf: (number) => planned.get(number)?.adapter,
  };
}
