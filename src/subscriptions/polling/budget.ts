import type { LaneLimits } from '../../carriers/adapter.js';
import type { Logger } from '../../logger.js';
import { MIN_STRETCH } from './cadence-table.js';

/**
 * The polling budget per adapter: background polls are planned to use at most
 * {@link BUDGET_SHARE} of what the carrier allows a day, leaving the rest for interactive lookups and
 * retries. When the parcels of an adapter would need more, every one of them is stretched by the same
 * factor ("fairly": no parcel is starved so that others keep their pace), which `nextStep` applies.
 */

/**
 * Share of each carrier's allowance that planned polls may use (`adapterBudgets`), unless
 * `POLL_BUDGET_SHARE` says otherwise. @defaultValue 0.8
 */
export const BUDGET_SHARE = 0.8;

/** An adapter with a daily quota and the items per day its polls may plan for ({@link budgetOf}). */
export interface AdapterBudget {
  readonly adapter: string;
  readonly itemsPerDay: number;
  /** Items per request (`LaneLimits.batchSize`): due polls go out in batches this full. */
  readonly batchSize: number;
  /**
   * Least time between two batches of background polls: the budget's requests spread evenly over the
   * day (Hongkong Post: 86,400 s / 80,000 requests = 1.08 s), so background polls never go faster than
   * their share, and the rest of every limit stays free for people's lookups.
   */
  readonly paceMs: number;
  /**
   * How long due polls wait for a batch to fill before it goes part-full (`batchSize` > 1): at most one
   * part-full batch per this. @defaultValue 60 s where batches hold more than one item, else 0
   */
  readonly gatherMs: number;
  /** Least time between two polls of one parcel: the adapter's answer cache (TrackingMore: 2 hours). */
  readonly floorMs: number;
}

/** How long due polls of a batching carrier wait for their batch to fill. */
const GATHER_MS = 60_000;

const DAY_MS = 86_400_000;

/**
 * Items (tracking numbers) per day that planned polls may use: the tightest of what the adapter's limits
 * allow in a day — `dailyQuota`, `rollingDayQuota`, each request window scaled to a day (Fuuffy 1,000 an
 * hour: 24,000), and the least spacing (one request per `minSpacingMs`, times `concurrency`) — in requests,
 * × `batchSize` (items/request) × {@link BUDGET_SHARE}, rounded down; `undefined` when nothing limits it.
 * It assumes full batches: the parcel poller sends due polls of one adapter together.
 * Hongkong Post: 100,000 requests × 30 items × 0.8 = 2,400,000 items/day.
 */
export function budgetOf(limits: LaneLimits, share = BUDGET_SHARE): number | undefined {
  const requests = requestsPerDayOf(limits);
  return requests === undefined ? undefined : Math.floor(requests * limits.batchSize * share);
}

/** The most requests a day the limits allow (their tightest), `undefined` when nothing limits them. */
function requestsPerDayOf(limits: LaneLimits): number | undefined {
  const requestsPerDay = [
    limits.dailyQuota?.limit,
    limits.rollingDayQuota,
    ...(limits.windows ?? []).map((w) => (w.limit * DAY_MS) / w.windowMs),
    limits.minSpacingMs ? (limits.concurrency * DAY_MS) / limits.minSpacingMs : undefined,
  ].filter((q) => q !== undefined);
  return requestsPerDay.length === 0 ? undefined : Math.min(...requestsPerDay);
}

/**
 * The budgets of the adapters whose limits bound them (adapters without any are left out), planned to
 * use `share` of each ({@link BUDGET_SHARE} unless configured).
 */
export function adapterBudgets(
  adapters: readonly { readonly id: string; readonly limits: LaneLimits }[],
  share = BUDGET_SHARE,
): AdapterBudget[] {
  if (!(share > 0 && share <= 1)) throw new RangeError(`budget share must be in (0, 1], got ${share}`);
  return adapters.flatMap(({ id, limits }) => {
    const requests = requestsPerDayOf(limits);
    if (requests === undefined) return [];
    return [
      {
        adapter: id,
        itemsPerDay: Math.floor(requests * limits.batchSize * share),
        batchSize: limits.batchSize,
        paceMs: DAY_MS / (requests * share),
        gatherMs: limits.batchSize > 1 ? GATHER_MS : 0,
        floorMs: limits.cacheTtlMs,
      },
    ];
  });
}

/**
 * The one factor by which every poll interval of an adapter's parcels is multiplied so that the planned
 * items per day fill the budget without going over it. `plannedItemsPerDay` is the demand at the
 * parcels' own pace: Σ `pollsPerDay(state)` without the factor (measuring it with the factor applied would
 * undo it on the next pass).
 * - Over the budget: `planned / budget` (> 1), every parcel slowed alike, none starved.
 * - Within it: the spare budget is spent on freshness: every interval shortened so the plan reaches
 *   {@link FILL_TARGET} of the budget (headroom for bursts of news), but by no more than
 *   {@link MIN_STRETCH}. 1 when the adapter has no budget (nothing says what it could spare).
 */
export function stretchFactor(plannedItemsPerDay: number, budgetItemsPerDay: number | undefined): number {
  if (budgetItemsPerDay === undefined) return 1;
  if (plannedItemsPerDay <= budgetItemsPerDay) {
    return Math.max(MIN_STRETCH, Math.min(1, plannedItemsPerDay / (budgetItemsPerDay * FILL_TARGET)));
  }
  if (!(budgetItemsPerDay > 0)) throw new RangeError(`budget must be positive, got ${budgetItemsPerDay}`);
  return plannedItemsPerDay / budgetItemsPerDay;
}

/** The share of the budget a plan with budget to spare is brought up to ({@link stretchFactor}). */
const FILL_TARGET = 0.9;

export interface BudgetWatch {
  /**
   * Called after each batch of polls for each budgeted adapter with the planned items per day
   * (see {@link stretchFactor}); answers the stretch for the adapter's parcels. Tells the operator once
   * per change: a warning when the adapter goes over its budget, info when it is back within it.
   */
  observe(budget: AdapterBudget, plannedItemsPerDay: number): number;
}

/** A {@link BudgetWatch} that starts with every adapter within budget (nothing logged until one is not). */
export function createBudgetWatch(logger: Logger): BudgetWatch {
  const over = new Set<string>();
  return {
    observe({ adapter, itemsPerDay }, plannedItemsPerDay) {
      const stretch = stretchFactor(plannedItemsPerDay, itemsPerDay);
      const fields = { adapter, plannedItemsPerDay, budgetItemsPerDay: itemsPerDay, stretch };
      if (stretch > 1 && !over.has(adapter)) {
        over.add(adapter);
        logger.warn(fields, 'planned polls exceed the carrier budget: poll intervals stretched');
      } else if (stretch <= 1 && over.delete(adapter)) {
        logger.info(fields, 'planned polls back within the carrier budget: poll intervals restored');
      }
      return stretch;
    },
  };
}
