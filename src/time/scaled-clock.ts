import { type Clock, systemClock } from './clock.js';

/**
 * A clock that runs `factor` times faster than real time from `origin` (epoch ms, default now): with
 * 3600, a sandbox parcel's hour passes in a second (`postie sandbox --speed 3600`). Processes given the
 * same origin and factor read the same time.
 */
export function createScaledClock(factor: number, real: Clock = systemClock, origin = real.now()): Clock {
  return {
    now: () => origin + (real.now() - origin) * factor,
    sleep: (ms, signal) => real.sleep(ms / factor, signal),
  };
}
