import { type Clock, systemClock } from './clock.js';

/**
 * A clock that runs `factor` times faster than real time, from now on: with 3600, a sandbox parcel's
 * hour passes in a second (`postie sandbox --speed 3600`).
 */
export function createScaledClock(factor: number, real: Clock = systemClock): Clock {
  const startedAt = real.now();
  return {
    now: () => startedAt + (real.now() - startedAt) * factor,
    sleep: (ms, signal) => real.sleep(ms / factor, signal),
  };
}
