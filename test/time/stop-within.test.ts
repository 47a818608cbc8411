import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/time/manual-clock.js';
import { stopWithin } from '../../src/time/stop-within.js';

/** Settles `promise` into a readable state, to look at it between clock steps. */
function watch<T>(promise: Promise<T>) {
  const state: { value?: T } = {};
  void promise.then((value) => {
    state.value = value;
  });
  return state;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('stopWithin', () => {
  it('completes as soon as the stop does', async () => {
    const clock = createManualClock();
    expect(await stopWithin({ clock, timeoutMs: 10_000 }, async () => undefined)).toBe('complete');
    expect(clock.pending).toBe(0);
  });

  it('aborts the stop one second before the deadline, and completes once it has given up', async () => {
    const clock = createManualClock();
    let abandonedAt: number | undefined;
    const outcome = watch(
      stopWithin({ clock, timeoutMs: 10_000 }, (abandon) => {
        const start = clock.now();
        return new Promise<void>((resolve) =>
          abandon.addEventListener('abort', () => {
            abandonedAt = clock.now() - start;
            resolve();
          }),
        );
      }),
    );
    await clock.advance(8_999);
    await settle();
    expect(outcome.value).toBeUndefined();
    await clock.advance(1);
    await settle();
    expect(abandonedAt).toBe(9_000);
    expect(outcome.value).toBe('abandoned');
  });

  it('resolves before the deadline even when the stop never ends (a fifth and a twentieth when short)', async () => {
    const clock = createManualClock();
    let abandoned = false;
    const outcome = watch(
      stopWithin(
        { clock, timeoutMs: 2_000, onAbandon: () => (abandoned = true) },
        () => new Promise<void>(() => undefined),
      ),
    );
    await clock.advance(1_599);
    expect(abandoned).toBe(false);
    await clock.advance(1);
    expect(abandoned).toBe(true);
    // The process needs a moment to exit after: the stop is over 100 ms (here a twentieth) early.
    await clock.advance(299);
    await settle();
    expect(outcome.value).toBeUndefined();
    await clock.advance(1);
    await settle();
    expect(outcome.value).toBe('abandoned');
    expect(clock.now() - Date.UTC(2026, 0, 1)).toBe(1_900);
  });

  it('counts a stop that fails as finished: it stopped all it could', async () => {
    const clock = createManualClock();
    expect(
      await stopWithin({ clock, timeoutMs: 1_000 }, () => Promise.reject(new Error('close failed'))),
    ).toBe('complete');
  });
});
