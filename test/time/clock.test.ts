import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/time/clock.js';

describe('the system clock', () => {
  it('sleeps a wait already over (a deadline passed while it was worked out) at once, without a process warning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    const stop = new AbortController();
    try {
      await systemClock.sleep(-2);
      await systemClock.sleep(Number.NaN);
      // Longer than a timer can wait (2^31 - 1 ms): it waits that long, not 1 ms.
      const long = systemClock.sleep(Number.POSITIVE_INFINITY, stop.signal);
      const woke = await Promise.race([long.then(() => 'woke'), systemClock.sleep(20).then(() => 'asleep')]);
      expect(woke).toBe('asleep');
      stop.abort(new Error('enough'));
      await expect(long).rejects.toThrow('enough');
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });

  it('rejects with the reason when the signal aborts first', async () => {
    const stop = new AbortController();
    const sleeping = systemClock.sleep(60_000, stop.signal);
    stop.abort(new Error('stopped'));
    await expect(sleeping).rejects.toThrow('stopped');
  });
});
