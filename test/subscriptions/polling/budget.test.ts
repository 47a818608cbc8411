import { describe, expect, it } from 'vitest';
import type { LaneLimits } from '../../../src/carriers/adapter.js';
import { fuuffyAdapter } from '../../../src/carriers/fuuffy/index.js';
import { HONGKONG_POST_LIMITS } from '../../../src/carriers/hongkong-post/index.js';
import { nzPostAdapter } from '../../../src/carriers/nz-post/index.js';
import { ADAPTERS } from '../../../src/carriers/registry.js';
import { trackingmoreAdapter } from '../../../src/carriers/trackingmore/index.js';
import {
  adapterBudgets,
  budgetOf,
  createBudgetWatch,
  stretchFactor,
} from '../../../src/subscriptions/polling/budget.js';
import { type ParcelState, pollsPerDay } from '../../../src/subscriptions/polling/cadence.js';
import { captureLogger } from '../../helpers/capture-logger.js';

const HKPOST_BUDGET = 2_400_000;
const DAY_MS = 86_400_000;

const budgetFor = (adapter: string, itemsPerDay: number) => ({
  adapter,
  itemsPerDay,
  batchSize: 1,
  paceMs: 0,
  gatherMs: 0,
  floorMs: 0,
});

const limits = (overrides: Partial<LaneLimits>): LaneLimits => ({
  concurrency: 1,
  batchSize: 1,
  batchWindowMs: 0,
  requestTimeoutMs: 1000,
  cacheTtlMs: 0,
  ...overrides,
});

describe('budgetOf', () => {
  it('gives Hongkong Post 100,000 requests × 30 items × 0.8 = 2.4 M items a day', () => {
    expect(budgetOf(HONGKONG_POST_LIMITS)).toBe(HKPOST_BUDGET);
  });

  it('counts request windows as what they allow in a day: Fuuffy 1,000 an hour is 24,000 a day', () => {
    expect(budgetOf(fuuffyAdapter.limits)).toBe(19_200);
    expect(budgetOf(nzPostAdapter.limits)).toBe(829_440);
    expect(budgetOf(trackingmoreAdapter.limits)).toBe(207_360);
  });

  it('counts the least spacing between requests, and leaves an adapter without any limit unlimited', () => {
    expect(budgetOf(limits({ minSpacingMs: 86_400 }))).toBe(800);
    expect(budgetOf(limits({}))).toBeUndefined();
  });

  it.each([
    ['a calendar-day quota alone', { dailyQuota: { limit: 1000, timeZone: 'UTC' } }, 800],
    ['a rolling-day quota alone', { rollingDayQuota: 1000, batchSize: 10 }, 8000],
    [
      'the tighter of both',
      { dailyQuota: { limit: 1000, timeZone: 'UTC' }, rollingDayQuota: 500, batchSize: 2 },
      800,
    ],
    ['whole items, rounded down', { rollingDayQuota: 7 }, 5],
  ] as const)('counts %s', (_case, overrides, expected) => {
    expect(budgetOf(limits(overrides))).toBe(expected);
  });

  it('lists the budgets of the registered adapters, one each in registry order', () => {
    const budgets = adapterBudgets(ADAPTERS);
    expect(budgets.map((b) => b.adapter)).toEqual(ADAPTERS.map((a) => a.id));
    expect(budgets).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ adapter: 'hongkong-post', itemsPerDay: HKPOST_BUDGET }),
        expect.objectContaining({ adapter: 'nz-post', itemsPerDay: 829_440 }),
        expect.objectContaining({ adapter: 'fuuffy', itemsPerDay: 19_200 }),
        expect.objectContaining({ adapter: 'trackingmore', itemsPerDay: 207_360 }),
      ]),
    );
  });
});

describe('stretchFactor', () => {
  it.each([
    ['unlimited', 10_000_000, undefined, 1],
    ['well within: every interval halved, no more', 1_000_000, HKPOST_BUDGET, 0.5],
    ['within: shortened to fill 90% of the budget', HKPOST_BUDGET * 0.72, HKPOST_BUDGET, 0.8],
    ['at 90% or more of the budget', HKPOST_BUDGET * 0.95, HKPOST_BUDGET, 1],
    ['exactly at the budget', HKPOST_BUDGET, HKPOST_BUDGET, 1],
    ['twice the budget', 4_800_000, HKPOST_BUDGET, 2],
    ['a quarter over', 3_000_000, HKPOST_BUDGET, 1.25],
    ['nothing planned', 0, HKPOST_BUDGET, 0.5],
  ] as const)('%s', (_case, planned, budget, expected) => {
    expect(stretchFactor(planned, budget)).toBeCloseTo(expected, 12);
  });

  it('refuses a budget of nothing when anything is planned', () => {
    expect(() => stretchFactor(1, 0)).toThrow(RangeError);
  });

  it('stretches every parcel by one factor, which brings the plan back to the budget', () => {
    const parcel = (status: NonNullable<ParcelState['status']>, lastNewsAt: number): ParcelState => ({
      phase: 'following',
      subscribedAt: lastNewsAt,
      lastNewsAt,
      quietPolls: 0,
      status,
    });
    const now = 7 * DAY_MS;
    // 750,000 followed Hongkong Post parcels, as [parcels in the same state, that state].
    const groups: readonly [number, ParcelState][] = [
      // News today: every 15 min, 96 a day.
      [300_000, parcel('in_transit', now - 3_600_000)],
      // Quiet for 7 days: three doublings, every 2 h, 12 a day.
      [400_000, parcel('in_transit', 0)],
      // Out for delivery: every 8–12 min, 144 a day.
      [50_000, parcel('out_for_delivery', now - 3_600_000)],
    ];
    const itemsPerDay = (stretch?: number) =>
      groups.reduce(
        (sum, [count, state]) => sum + count * pollsPerDay(state, now, stretch ? { stretch } : {}),
        0,
      );
    expect(itemsPerDay()).toBeCloseTo(300_000 * 96 + 400_000 * 12 + 50_000 * 144, 3);
    const stretch = stretchFactor(itemsPerDay(), HKPOST_BUDGET);
    expect(stretch).toBeCloseTo(40_800_000 / HKPOST_BUDGET, 9);
    expect(itemsPerDay(stretch)).toBeCloseTo(HKPOST_BUDGET, 3);
  });

  it('never plans a parcel more often than its carrier floor: TrackingMore once per 2 hours', () => {
    const state: ParcelState = {
      phase: 'following',
      subscribedAt: 0,
      lastNewsAt: 0,
      quietPolls: 0,
      status: 'out_for_delivery',
    };
    const [trackingmore] = adapterBudgets([trackingmoreAdapter]);
    expect(trackingmore?.floorMs).toBe(2 * 3_600_000);
    expect(pollsPerDay(state, 0, { floorMs: trackingmore?.floorMs ?? 0 })).toBe(12);
  });
});

describe('adapterBudgets: pace and gathering', () => {
  it("spreads each carrier's share of requests evenly over the day, and gathers where batches hold more than one", () => {
    const budgets = new Map(adapterBudgets(ADAPTERS).map((b) => [b.adapter, b]));
    // Hongkong Post: 80,000 requests a day of 30 items, one per 1.08 s; a part-full batch waits a minute.
    expect(budgets.get('hongkong-post')).toMatchObject({ batchSize: 30, paceMs: 1080, gatherMs: 60_000 });
    // Fuuffy: 800 an hour (of its 1,000), one per 4.5 s; one item per call, nothing to gather.
    expect(budgets.get('fuuffy')).toMatchObject({ batchSize: 1, paceMs: 4500, gatherMs: 0 });
    expect(budgets.get('trackingmore')?.paceMs).toBeCloseTo(1000 / 2.4, 6);
  });

  it('plans a configured share instead of 80%, and refuses a share outside (0, 1]', () => {
    const [half] = adapterBudgets([{ id: 'hongkong-post', limits: HONGKONG_POST_LIMITS }], 0.5);
    expect(half).toMatchObject({ itemsPerDay: 1_500_000, paceMs: 1728 });
    expect(() => adapterBudgets(ADAPTERS, 0)).toThrow(RangeError);
    expect(() => adapterBudgets(ADAPTERS, 1.2)).toThrow(RangeError);
  });
});

describe('createBudgetWatch', () => {
  const hkpost = budgetFor('hongkong-post', HKPOST_BUDGET);

  it('warns once when an adapter goes over budget and tells once when it is back under', () => {
    const { logger, lines } = captureLogger();
    const watch = createBudgetWatch(logger);
    const passes = [1_000_000, 2_400_000, 3_600_000, 4_800_000, 3_000_000, 2_000_000, 1_000_000, 2_500_000];
    const stretches = passes.map((planned) => watch.observe(hkpost, planned));
    // Within the budget, the intervals shorten to bring the plan to 90% of it (at most halved).
    const filling = 2_000_000 / (HKPOST_BUDGET * 0.9);
    expect(stretches).toEqual([0.5, 1, 1.5, 2, 1.25, filling, 0.5, 2_500_000 / HKPOST_BUDGET]);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        adapter: 'hongkong-post',
        plannedItemsPerDay: 3_600_000,
        budgetItemsPerDay: HKPOST_BUDGET,
        stretch: 1.5,
        msg: 'planned polls exceed the carrier budget: poll intervals stretched',
      }),
      expect.objectContaining({
        level: 30,
        adapter: 'hongkong-post',
        plannedItemsPerDay: 2_000_000,
        stretch: filling,
        msg: 'planned polls back within the carrier budget: poll intervals restored',
      }),
      expect.objectContaining({ level: 40, adapter: 'hongkong-post', plannedItemsPerDay: 2_500_000 }),
    ]);
  });

  it('keeps each adapter over or under on its own', () => {
    const { logger, lines } = captureLogger();
    const watch = createBudgetWatch(logger);
    const other = budgetFor('other', 100);
    watch.observe(hkpost, 5_000_000);
    watch.observe(other, 50);
    watch.observe(other, 500);
    watch.observe(hkpost, 5_000_000);
    watch.observe(other, 500);
    expect(lines.map((l) => [l['level'], l['adapter']])).toEqual([
      [40, 'hongkong-post'],
      [40, 'other'],
    ]);
  });

  it('logs nothing while every adapter stays within budget', () => {
    const { logger, lines } = captureLogger();
    const watch = createBudgetWatch(logger);
    for (let pass = 0; pass < 5; pass++) expect(watch.observe(hkpost, 1_000_000 + pass)).toBe(0.5);
    expect(lines).toEqual([]);
  });
});
