import type { ManualClock } from '../../src/time/manual-clock.js';

/**
 * Moves `clock` on in `step`s until `done` settles, letting loopback I/O (a sandbox's HTTP answers,
 * Redis round trips) and the lanes run between steps: each step first waits one millisecond of real
 * time, the least that lets a socket's answer arrive. Nothing is asserted about time: what the tests
 * check holds however steps and answers interleave; the pacing only decides how soon `done` settles.
 */
export async function drive(clock: ManualClock, done: Promise<unknown>, step = 10): Promise<void> {
  let settled = false;
  void done.finally(() => {
    settled = true;
  });
  while (!settled) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (!settled) await clock.advance(step);
  }
}
