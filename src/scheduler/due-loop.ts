import { isStoreUnavailable } from '../domain/store-unavailable.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../time/clock.js';
import type { DueSchedule } from './due-schedule.js';

export interface DueLoopDeps {
  /** When each key comes due: in this process, or shared through Redis by several instances. */
  readonly schedule: DueSchedule;
  readonly clock: Clock;
  readonly logger: Logger;
  /** What the keys' runs are called in the log lines, plural ("polls"). */
  readonly what: string;
  /**
   * Runs keys that came due together. Each is leased while it runs (should the process die, it comes due
   * again when the lease ends); `run` plans each key's next time itself, or drops it. It settles its own
   * failures: a rejection ends the pass, and the loop tries again in a minute.
   */
  readonly run: (keys: readonly string[]) => Promise<void>;
  /**
   * Plans every key that has no plan, keeping the others. Called before the next pass once the store has
   * failed, so that a plan the store failed to write is not lost.
   */
  readonly replan: () => Promise<void>;
  /** Keys handed to one `run` at most; a pass goes on until nothing is due. @defaultValue 2 000 */
  readonly maxPerPass?: number;
  /** A claimed key comes due again after this, if its run never finished. @defaultValue 10 min */
  readonly claimLeaseMs?: number;
  /**
   * Resolves once the store is ready (`StoreBackend.ready`), rejecting when `signal` aborts: after the
   * store failed, the loop waits for it. @defaultValue resolves at once
   */
  readonly storeReady?: (signal: AbortSignal) => Promise<void>;
}

export interface DueLoop {
  /** Starts waiting for what comes due, and running it. */
  start(): void;
  /**
   * Plans `key` at `at` (epoch ms), waking the loop when that is sooner than every other plan. When the
   * store fails the plan it rejects, and every key is planned again once the store is back.
   */
  plan(key: string, at: number): Promise<void>;
  /** Runs everything due now, in batches, and resolves with how many keys ran. */
  runDue(): Promise<number>;
  /** Stops after the pass under way; the plans live on in the schedule. */
  stop(): Promise<void>;
}

/**
 * A loop that sleeps until the earliest plan of a {@link DueSchedule} (a minute at most) and runs what
 * has come due, claimed in batches. It knows nothing of what the keys are.
 *
 * While the store is away it waits for it (`storeReady`), saying so once, rather than failing every
 * minute; once it is back, every key is planned again (`replan`) and what came due meanwhile runs at
 * once. Keys whose run the store cut short come due again when their lease ends.
 */
export function createDueLoop(deps: DueLoopDeps): DueLoop {
  const due = deps.schedule;
  const maxPerPass = deps.maxPerPass ?? 2_000;
  const leaseMs = deps.claimLeaseMs ?? 600_000;
  const storeReady = deps.storeReady ?? (async () => undefined);
  const shutdown = new AbortController();
  /** Whether every key is to be planned again before the next pass (after the store failed). */
  let replanning = false;
  let wake = new AbortController();
  let loop: Promise<void> | undefined;
  let pass: Promise<number> | undefined;

  async function runDue(): Promise<number> {
    let ran = 0;
    for (;;) {
      // Claimed keys are leased: if this pass fails or the process dies, they come due again later.
      const keys = await due.claimDue(deps.clock.now(), maxPerPass, leaseMs);
      if (keys.length === 0) break;
      await deps.run(keys);
      ran += keys.length;
    }
    return ran;
  }

  /**
   * One pass at a time. A caller arriving while a pass runs waits for it and then runs its own, since
   * that pass may have looked for due keys before the caller's "now" (a moved clock, a new plan).
   */
  const runExclusive = async (): Promise<number> => {
    while (pass) await pass.catch(() => undefined);
    pass = runDue().finally(() => {
      pass = undefined;
    });
    return pass;
  };

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
    if (failures === 1) deps.logger.warn({ err: error }, `${deps.what} wait for the store`);
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
          await deps.replan();
          replanning = false;
        }
        const next = await due.nextAt();
        const waitMs = Math.min(next === undefined ? 60_000 : Math.max(0, next - deps.clock.now()), 60_000);
        if (!(await pause(waitMs))) continue;
        await runExclusive();
        if (storeFailures > 0) deps.logger.info(`${deps.what} go on: the store is back`);
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
    start() {
      loop = run();
    },
    async plan(key, at) {
      try {
        const before = await due.nextAt();
        await due.plan(key, at);
        if (before === undefined || at < before) wake.abort();
      } catch (error) {
        if (isStoreUnavailable(error)) {
          replanning = true;
          wake.abort();
        }
        throw error;
      }
    },
    runDue: runExclusive,
    async stop() {
      shutdown.abort();
      await loop;
      await pass;
    },
  };
}
