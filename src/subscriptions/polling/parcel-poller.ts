import type { Locale } from '../../domain/locale.js';
import type { Logger } from '../../logger.js';
import { createInProcessSchedule, type DueSchedule } from '../../scheduler/due-schedule.js';
import { isStoreUnavailable } from '../../store/store-unavailable.js';
import type { Clock } from '../../time/clock.js';
import type { TrackingService } from '../../tracking/tracking-service.js';
import type { WatchRecord } from '../subscription-records.js';
import { type AfterPollDeps, afterPoll } from './after-poll.js';
import { type AdapterBudget, createBudgetWatch } from './budget.js';
import { pollsPerDay } from './cadence.js';

export interface ParcelPollerDeps extends Omit<AfterPollDeps, 'stretchOf'> {
  readonly tracking: TrackingService;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Budgets of the adapters that have a daily quota. */
  readonly budgets: readonly AdapterBudget[];
  /** The language polls ask carriers for (the text is kept per language where the carrier gives several). */
  readonly locale: Locale;
  /** Called with the chats that have news after a poll. */
  readonly onNews: (chat: string, number: string) => void;
  /** Numbers polled per pass at most (the rest wait for the next pass). @defaultValue 2 000 */
  readonly maxPerPass?: number;
  /** When each number is due; shared through Redis by several instances. @defaultValue in this process */
  readonly schedule?: DueSchedule;
  /** A claimed number is polled again by anyone after this, if its poll never finished. @defaultValue 10 min */
  readonly claimLeaseMs?: number;
  /**
   * Resolves once the store is ready (`StoreBackend.ready`), rejecting when `signal` aborts: after the
   * store failed, polling waits for it. @defaultValue resolves at once
   */
  readonly storeReady?: (signal: AbortSignal) => Promise<void>;
}

/** Plans written at once while loading the schedule at start. */
const START_GROUP = 500;

export interface ParcelPoller {
  /** Loads every watch from the store and starts polling what is due. */
  start(): Promise<void>;
  /**
   * A subscription created or changed a watch: poll it when its `nextPollAt` comes. When the store fails
   * the plan, it is made once the store is back (every watch without a plan is planned then).
   */
  schedule(watch: WatchRecord): Promise<void>;
  /** Polls everything due now, in passes, and resolves with how many numbers were polled. */
  runDue(): Promise<number>;
  /** Planned polls per day per adapter at the parcels' own pace (the budget's demand). */
  demand(): ReadonlyMap<string, number>;
  /** Stops after the pass under way; the schedule lives on in the store. */
  stop(): Promise<void>;
}

/**
 * Polling by need. One poll per tracking number however many chats follow it; each poll is a background
 * lookup through the same tracking service as `/track` (so a person's lookup goes first), and its result
 * fans out to every subscriber (`after-poll.ts`). Due numbers are polled together so the queue can batch
 * them. After each pass, each adapter's planned polls are compared with its budget and intervals stretch
 * when they exceed it.
 *
 * While the store is away its loop waits for it (`storeReady`), saying so once, rather than failing every
 * minute; once it is back, every watch without a plan is planned (a plan the store failed to write is
 * not lost) and what came due meanwhile is polled at once. Claimed numbers whose poll the store cut
 * short come due again when their lease ends.
 */
export function createParcelPoller(deps: ParcelPollerDeps): ParcelPoller {
  const due = deps.schedule ?? createInProcessSchedule();
  const maxPerPass = deps.maxPerPass ?? 2_000;
  const leaseMs = deps.claimLeaseMs ?? 600_000;
  const budgetWatch = createBudgetWatch(deps.logger);
  const stretch = new Map<string, number>();
  /** Each watched number's adapter and polls per day at its own pace. */
  const planned = new Map<string, { adapter: string | undefined; perDay: number }>();
  /**
   * Their sum per adapter, kept as numbers come and go: a pass reviews the budgets after every batch,
   * and summing every watched number each time made a day of small passes quadratic.
   */
  const perAdapter = new Map<string, number>();
  const count = (entry: { adapter: string | undefined; perDay: number } | undefined, sign: 1 | -1) => {
    if (entry?.adapter)
      perAdapter.set(entry.adapter, (perAdapter.get(entry.adapter) ?? 0) + sign * entry.perDay);
  };
  const shutdown = new AbortController();
  const storeReady = deps.storeReady ?? (async () => undefined);
  /** Whether every watch is to be planned again before the next pass (after the store failed). */
  let replanning = false;
  let wake = new AbortController();
  let loop: Promise<void> | undefined;
  let pass: Promise<number> | undefined;

  const afterPollDeps: AfterPollDeps = {
    ...deps,
    stretchOf: (adapter) => (adapter && stretch.get(adapter)) || 1,
    // Each chat's notification can go out as soon as it is recorded, before the rest of a large fan-out.
    onRecorded: deps.onNews,
  };

  const track = async (watch: WatchRecord, options?: { readonly ifMissing?: boolean }) => {
    const entry = { adapter: watch.adapter, perDay: pollsPerDay(watch) };
    count(planned.get(watch.number), -1);
    count(entry, 1);
    planned.set(watch.number, entry);
    await due.plan(watch.number, watch.nextPollAt, options);
  };
  const untrack = async (number: string) => {
    count(planned.get(number), -1);
    planned.delete(number);
    await due.drop(number);
  };

  const demand = (): ReadonlyMap<string, number> => new Map(perAdapter);

  const reviewBudgets = () => {
    for (const budget of deps.budgets) {
      stretch.set(budget.adapter, budgetWatch.observe(budget, perAdapter.get(budget.adapter) ?? 0));
    }
  };

  async function pollBatch(numbers: readonly string[]): Promise<void> {
    const found = await Promise.all(numbers.map(async (n) => [n, await deps.store.watch(n)] as const));
    // A number whose watch is gone (everyone unsubscribed) leaves the schedule.
    for (const [n, w] of found) if (!w) await untrack(n);
    const watches = found.map(([, w]) => w).filter((w): w is WatchRecord => w !== undefined);
    const byCarrier = new Map<string, WatchRecord[]>();
    for (const w of watches) byCarrier.set(w.carrier ?? '', [...(byCarrier.get(w.carrier ?? '') ?? []), w]);
    await Promise.all(
      [...byCarrier].map(async ([carrier, group]) => {
        const results = await deps.tracking.trackNumbers(
          group.map((w) => w.number),
          { locale: deps.locale, priority: 'background', ...(carrier ? { carrier } : {}) },
        );
        await Promise.all(
          group.map(async (polled, i) => {
            const result = results[i];
            if (!result) return;
            const effect = await afterPoll(afterPollDeps, polled, result, deps.clock.now());
            if (effect.watch) await track(effect.watch);
            else await untrack(polled.number);
            for (const chat of effect.chats) deps.onNews(chat, polled.number);
          }),
        );
      }),
    );
  }

  async function runDue(): Promise<number> {
    let polled = 0;
    for (;;) {
      // Claimed numbers are leased: if this pass fails or the process dies, they come due again later.
      const numbers = await due.claimDue(deps.clock.now(), maxPerPass, leaseMs);
      if (numbers.length === 0) break;
      try {
        await pollBatch(numbers);
      } catch (error) {
        deps.logger.error({ err: error }, 'a scheduler pass failed; its numbers are tried again later');
      }
      polled += numbers.length;
      reviewBudgets();
    }
    return polled;
  }

  /**
   * One pass at a time. A caller arriving while a pass runs waits for it and then runs its own, since
   * that pass may have looked for due numbers before the caller's "now" (a moved clock, a new plan).
   */
  const runExclusive = async (): Promise<number> => {
    while (pass) await pass.catch(() => undefined);
    pass = runDue().finally(() => {
      pass = undefined;
    });
    return pass;
  };

  /**
   * Plans every watch the store holds that has no plan: another instance's plans and claims are kept
   * (shared schedule), missing ones restored. Plans go out in groups rather than one round trip each
   * (Redis pipelines concurrent commands).
   */
  async function planAll(): Promise<void> {
    let group: Promise<void>[] = [];
    for await (const watch of deps.store.watches()) {
      group.push(track(watch, { ifMissing: true }));
      if (group.length >= START_GROUP) {
        await Promise.all(group);
        group = [];
      }
    }
    await Promise.all(group);
  }

  /** Sleeps `ms` on the clock: true once it has passed, false when woken early (a new plan) or stopping. */
  async function pause(ms: number): Promise<boolean> {
    try {
      await deps.clock.sleep(ms, AbortSignal.any([shutdown.signal, wake.signal]));
      return true;
    } catch {
      if (!shutdown.signal.aborted) wake = new AbortController();
      return false;
    }
  }

  /**
   * After the store failed the `failures`-th time in a row: waits until it is back; when it said it was
   * and failed again, a pause too (1 s, doubling up to a minute), so a store that keeps failing is not
   * asked in a busy loop.
   */
  async function waitForStore(error: Error, failures: number): Promise<void> {
    replanning = true;
    if (failures === 1) deps.logger.warn({ err: error }, 'polls wait for the store');
    try {
      await storeReady(shutdown.signal);
    } catch {
      return;
    }
    if (failures > 1) await pause(Math.min(60_000, 1_000 * 2 ** (failures - 2)));
  }

  async function run() {
    let storeFailures = 0;
    while (!shutdown.signal.aborted) {
      try {
        if (replanning) {
          await planAll();
          replanning = false;
        }
        const next = await due.nextAt();
        const waitMs = Math.min(next === undefined ? 60_000 : Math.max(0, next - deps.clock.now()), 60_000);
        if (!(await pause(waitMs))) continue;
        await runExclusive();
        if (storeFailures > 0) deps.logger.info('polls go on: the store is back');
        storeFailures = 0;
      } catch (error) {
        if (shutdown.signal.aborted) return;
        if (isStoreUnavailable(error)) {
          storeFailures += 1;
          await waitForStore(error, storeFailures);
        } else {
          deps.logger.error({ err: error }, 'a scheduler pass failed; trying again in a minute');
          await pause(60_000);
        }
      }
    }
  }

  return {
    async start() {
      await planAll();
      reviewBudgets();
      deps.logger.info({ watched: planned.size }, 'scheduler started');
      loop = run();
    },
    async schedule(watch) {
      try {
        const before = await due.nextAt();
        await track(watch);
        if (before === undefined || watch.nextPollAt < before) wake.abort();
      } catch (error) {
        if (isStoreUnavailable(error)) {
          replanning = true;
          wake.abort();
        }
        throw error;
      }
    },
    runDue: runExclusive,
    demand,
    async stop() {
      shutdown.abort();
      await loop;
      await pass;
    },
  };
}
