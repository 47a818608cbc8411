import type { Locale } from '../../domain/locale.js';
import type { Logger } from '../../logger.js';
import type { PollHold } from '../../queue/poll-hold.js';
import { createDueLoop } from '../../scheduler/due-loop.js';
import { createInProcessSchedule, type DueSchedule } from '../../scheduler/due-schedule.js';
import type { Clock } from '../../time/clock.js';
import type { TrackingService } from '../../tracking/tracking-service.js';
import type { WatchRecord } from '../subscription-records.js';
import { type AfterPollDeps, afterPoll } from './after-poll.js';
import type { AdapterBudget } from './budget.js';
import { createPollDemand } from './poll-demand.js';
import { createPollGatherer } from './poll-gatherer.js';

export interface ParcelPollerDeps extends Omit<AfterPollDeps, 'paceOf'> {
  readonly tracking: TrackingService;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Budgets of the adapters that have a daily quota. */
  readonly budgets: readonly AdapterBudget[];
  /** The language polls ask carriers for (the text is kept per language where the carrier gives several). */
  readonly locale: Locale;
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
  /**
   * Where each adapter's due polls wait for a batch (`StoreBackend.laneStates.pollHold`): shared by the
   * instances on Redis, so they fill one batch and keep one pace. @defaultValue in this process
   */
  readonly pollHoldOf?: (adapter: string) => PollHold;
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
  /**
   * Polls everything due now, in passes, without waiting for batches to fill or for the carriers' pace,
   * and resolves with how many numbers were polled once every poll under way has ended.
   */
  runDue(): Promise<number>;
  /** Planned polls per day per adapter at the parcels' own pace (the budget's demand). */
  demand(): ReadonlyMap<string, number>;
  /** Stops after the pass under way; the schedule lives on in the store. */
  stop(): Promise<void>;
}

/**
 * Polling by need, on the generic due loop (`scheduler/due-loop.ts`), keyed by tracking number. One poll
 * per number however many chats follow it; each poll is a background lookup through the same tracking
 * service as `/track` (so a person's lookup goes first), and its result fans out to every subscriber
 * (`after-poll.ts`), each chat with news handed to `deps.deliver` once. Due numbers wait per adapter
 * until they fill a batch, and batches go at the adapter's steady pace (`poll-gatherer.ts`), so the
 * queue sends full requests and background polls never take more than their share of a carrier's
 * limits. After each batch, each adapter's planned polls are compared with its budget and intervals
 * stretch when they exceed it (`poll-demand.ts`). While the store is away, polls
 * wait for it; once it is back, every watch without a plan is planned (a plan the store failed to write
 * is not lost).
 */
export function createParcelPoller(deps: ParcelPollerDeps): ParcelPoller {
  const due = deps.schedule ?? createInProcessSchedule();
  const demand = createPollDemand(deps.budgets, deps.logger);

  const afterPollDeps: AfterPollDeps = { ...deps, paceOf: demand.paceOf };

  const track = async (watch: WatchRecord, options?: { readonly ifMissing?: boolean }) => {
    demand.count(watch);
    await due.plan(watch.number, watch.nextPollAt, options);
  };
  const untrack = async (number: string) => {
    demand.forget(number);
    await due.drop(number);
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
            const watch = await afterPoll(afterPollDeps, polled, result, deps.clock.now());
            if (watch) await track(watch);
            else await untrack(polled.number);
          }),
        );
      }),
    );
  }

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

  const gatherer = createPollGatherer({
    budgets: deps.budgets,
    clock: deps.clock,
    logger: deps.logger,
    ...(deps.pollHoldOf ? { holdOf: deps.pollHoldOf } : {}),
    async send(numbers) {
      try {
        await pollBatch(numbers);
      } catch (error) {
        deps.logger.error({ err: error }, 'a batch of polls failed; its numbers are tried again later');
      }
      demand.review();
    },
  });

  const loop = createDueLoop({
    schedule: due,
    clock: deps.clock,
    logger: deps.logger,
    what: 'polls',
    // Claimed numbers keep their lease while they wait in the gatherer; the polls end on their own.
    async run(numbers) {
      await gatherer.add(numbers.map((n) => [n, demand.adapterOf(n)] as const));
    },
    replan: planAll,
    ...(deps.maxPerPass === undefined ? {} : { maxPerPass: deps.maxPerPass }),
    ...(deps.claimLeaseMs === undefined ? {} : { claimLeaseMs: deps.claimLeaseMs }),
    ...(deps.storeReady ? { storeReady: deps.storeReady } : {}),
  });

  return {
    async start() {
      await planAll();
      demand.review();
      deps.logger.info({ watched: demand.watched() }, 'scheduler started');
      loop.start();
    },
    async schedule(watch) {
      demand.count(watch);
      await loop.plan(watch.number, watch.nextPollAt);
    },
    async runDue() {
      // Paced by the demand as it is now, whether or not the loop has reviewed it yet.
      demand.review();
      const polled = await loop.runDue();
      await gatherer.flush();
      return polled;
    },
    demand: () => demand.perAdapter(),
    async stop() {
      await loop.stop();
      await gatherer.stop();
    },
  };
}
