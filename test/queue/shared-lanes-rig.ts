import { createMemoryCache } from '../../src/cache/memory-cache.js';
import type { CarrierAdapter, LaneLimits, TrackRequest } from '../../src/carriers/adapter.js';
import type { CarrierError } from '../../src/domain/carrier-error.js';
import type { TrackOutcome } from '../../src/domain/outcome.js';
import type { TrackingNumber } from '../../src/domain/tracking-number.js';
import { counterStoreOn } from '../../src/queue/counter-store.js';
import { createTrackingQueue, type TrackingQueue } from '../../src/queue/tracking-queue.js';
import { openStoreBackend } from '../../src/store/open-store-backend.js';
import type { StoreBackend } from '../../src/store/store-backend.js';
import { createManualClock, type ManualClock } from '../../src/time/manual-clock.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { testRedisUrl } from '../helpers/test-redis.js';

export const START = Date.UTC(2026, 0, 1, 12);

/** One call as the carrier saw it: who sent it, when it started, arrived and ended (by the shared clock). */
interface Call {
  readonly instance: number;
  readonly numbers: readonly string[];
  readonly startedAt: number;
  arrivedAt?: number;
  endedAt?: number;
}

/** What each instance's adapter does on its next calls (shared by the instances: one carrier). */
interface Script {
  /** How long each call takes to reach the carrier (one per call; 0 when none left). */
  readonly transits: number[];
  /** How long each call then takes to be answered (one per call; 0 when none left). */
  readonly delays: number[];
  /** Failures thrown by the next calls of an instance, by instance. */
  readonly failures: Map<number, CarrierError[]>;
  /** Calls of these instances never answer (a process killed mid-request). */
  readonly hanging: Set<number>;
}

interface Instance {
  readonly queue: TrackingQueue;
  readonly backend: StoreBackend;
  lookup(number: string, priority?: 'interactive' | 'background'): Promise<TrackOutcome>;
}

/**
 * Several Postie instances, each with its own store backend on the test run's Redis (its own
 * connection, as separate processes have), its own queue and lanes, against one recording carrier,
 * all on one manual clock. The adapter id is the test's own, so its keys are apart from any other's.
 */
export async function sharedLanes(count: number, limits: Partial<LaneLimits>, adapterId: string) {
  const clock = createManualClock(START);
  const calls: Call[] = [];
  const script: Script = { transits: [], delays: [], failures: new Map(), hanging: new Set() };
  let active = 0;
  let mostActive = 0;
  const fullLimits: LaneLimits = {
    concurrency: 1,
    batchSize: 1,
    batchWindowMs: 0,
    requestTimeoutMs: 1000,
    cacheTtlMs: 0,
    ...limits,
  };
  const adapterOf = (instance: number): CarrierAdapter => ({
    id: adapterId,
    async track(requests) {
      const call: Call = { instance, numbers: requests.map((r) => r.number), startedAt: clock.now() };
      calls.push(call);
      active += 1;
      mostActive = Math.max(mostActive, active);
      try {
        if (script.hanging.has(instance)) await new Promise(() => undefined);
        await clock.sleep(script.transits.shift() ?? 0);
        call.arrivedAt = clock.now();
        await clock.sleep(script.delays.shift() ?? 0);
        const failure = script.failures.get(instance)?.shift();
        if (failure) throw failure;
        return new Map(requests.map((r) => [r.number, found(r, clock, adapterId)]));
      } finally {
        active -= 1;
        call.endedAt = clock.now();
      }
    },
  });
  const instances: Instance[] = [];
  for (let i = 0; i < count; i++) {
    const backend = await openStoreBackend(testRedisUrl());
    const queue = createTrackingQueue({
      adapters: [{ adapter: adapterOf(i), limits: fullLimits }],
      clock,
      random: () => 0.5,
      cache: createMemoryCache(clock),
      counters: counterStoreOn(createMemoryCache(clock)),
      laneStates: backend.laneStates,
      logger: captureLogger('fatal').logger,
    });
    instances.push({
      queue,
      backend,
      lookup: (number, priority = 'background') =>
        queue.lookup(
          adapterId,
          { number: number as TrackingNumber, carrier: 'hongkong-post' },
          { priority, locale: 'en' },
        ),
    });
  }
  return {
    clock,
    calls,
    script,
    instances,
    get mostActive() {
      return mostActive;
    },
    close: () => Promise.all(instances.map((i) => i.backend.close())),
  };
}

function found(r: TrackRequest, clock: ManualClock, adapter: string): TrackOutcome {
  return {
    kind: 'found',
    shipment: {
      number: r.number,
      carrier: r.carrier,
      adapter,
      status: 'in_transit',
      events: [],
      fetchedAt: new Date(clock.now()).toISOString(),
    },
  };
}

/** Moves the clock on in `step`s until `done()` holds. */
export async function driveUntil(clock: ManualClock, done: () => boolean, step = 1): Promise<void> {
  while (!done()) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (!done()) await clock.advance(step);
  }
}

/** Moves the clock on by `ms` in steps, letting everything run in between. */
export async function runFor(clock: ManualClock, ms: number, step = 10): Promise<void> {
  const until = clock.now() + ms;
  while (clock.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    await clock.advance(Math.min(step, until - clock.now()));
  }
  await new Promise((resolve) => setTimeout(resolve, 1));
}

/** The most arrivals in any window `[t, t + windowMs)`. */
export function busiest(arrivals: readonly number[], windowMs: number): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] as number) - (sorted[j] as number) >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/** A test's own adapter id: its keys in Redis are apart from every other test's and run's. */
export const adapterIdOf = (name: string) => `test-${name}-${process.pid}-${Date.now()}`;
