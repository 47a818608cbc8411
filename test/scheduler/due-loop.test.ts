import { describe, expect, it, vi } from 'vitest';
import { StoreUnavailableError } from '../../src/domain/store-unavailable.js';
import { createDueLoop } from '../../src/scheduler/due-loop.js';
import { createInProcessSchedule, type DueSchedule } from '../../src/scheduler/due-schedule.js';
import { createManualClock } from '../../src/time/manual-clock.js';
import { captureLogger } from '../helpers/capture-logger.js';

const MINUTE = 60_000;

/**
 * A loop over an in-process schedule that a test can take away like a store (every call fails with
 * `StoreUnavailableError`) and bring back. Its runs are recorded, and plan nothing: a key run comes due
 * again only when its lease ends.
 */
function setUp(options: { readonly maxPerPass?: number } = {}) {
  const clock = createManualClock();
  const { logger, lines } = captureLogger('info');
  const inner = createInProcessSchedule();
  let away = false;
  let back: () => void = () => undefined;
  const guarded =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (away) throw new StoreUnavailableError('test', 'taken away');
      return call(...args);
    };
  const schedule: DueSchedule = {
    plan: guarded(inner.plan),
    drop: guarded(inner.drop),
    claimDue: guarded(inner.claimDue),
    nextAt: guarded(inner.nextAt),
  };
  const ran: string[][] = [];
  let replans = 0;
  const loop = createDueLoop({
    schedule,
    clock,
    logger,
    what: 'runs',
    run: async (keys) => void ran.push([...keys]),
    replan: async () => void replans++,
    claimLeaseMs: 10 * MINUTE,
    storeReady: (signal) =>
      away
        ? new Promise<void>((resolve, reject) => {
            back = resolve;
            signal.addEventListener('abort', () => reject(signal.reason), { once: true });
          })
        : Promise.resolve(),
    ...options,
  });
  const store = {
    goAway: () => {
      away = true;
    },
    comeBack: () => {
      away = false;
      back();
    },
  };
  return { clock, lines, loop, ran, replans: () => replans, store };
}

describe('the due loop', () => {
  it('runs what has come due in batches, nothing before its time, and a key again once its lease ends', async () => {
    const { clock, loop, ran } = setUp({ maxPerPass: 2 });
    for (const key of ['a', 'b', 'c']) await loop.plan(key, clock.now() + 60 * MINUTE);
    await loop.plan('later', clock.now() + 120 * MINUTE);
    expect(await loop.runDue()).toBe(0);
    await clock.advance(60 * MINUTE);
    expect(await loop.runDue()).toBe(3);
    expect(ran.map((batch) => batch.length)).toEqual([2, 1]);
    expect(ran.flat().sort()).toEqual(['a', 'b', 'c']);
    // The runs planned nothing: their keys stay leased for ten minutes, then come due again.
    await clock.advance(10 * MINUTE - 1);
    expect(await loop.runDue()).toBe(0);
    await clock.advance(1);
    expect(await loop.runDue()).toBe(3);
    await loop.stop();
  });

  it('wakes for a plan sooner than every other instead of sleeping out its minute', async () => {
    const { clock, loop, ran } = setUp();
    loop.start();
    await vi.waitFor(() => expect(clock.pending).toBe(1));
    await loop.plan('soon', clock.now() + 10_000);
    await vi.waitFor(() => expect(clock.pending).toBe(1));
    await clock.advance(10_000);
    await vi.waitFor(() => expect(ran).toEqual([['soon']]));
    await loop.stop();
  });

  it('waits for a store that went away, saying so once, then plans everything again and runs what came due', async () => {
    const { clock, lines, loop, ran, replans, store } = setUp();
    await loop.plan('due', clock.now() + MINUTE);
    loop.start();
    store.goAway();
    for (let step = 0; step < 10; step++) await clock.advance(MINUTE);
    await vi.waitFor(() => expect(lines.map((l) => l['msg'])).toContain('runs wait for the store'));
    expect(ran).toEqual([]);
    expect(lines.filter((l) => Number(l['level']) >= 40)).toHaveLength(1);

    store.comeBack();
    await vi.waitFor(() => expect(ran).toEqual([['due']]));
    expect(replans()).toBe(1);
    expect(lines.map((l) => l['msg'])).toContain('runs go on: the store is back');
    await loop.stop();
  });

  it('rejects a plan the store fails, and plans everything again once the store is back', async () => {
    const { clock, loop, replans, store } = setUp();
    loop.start();
    store.goAway();
    await expect(loop.plan('new', clock.now() + MINUTE)).rejects.toThrow(StoreUnavailableError);
    store.comeBack();
    await vi.waitFor(() => expect(replans()).toBe(1));
    await loop.stop();
  });
});
