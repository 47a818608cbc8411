import type { Clock } from '../../time/clock.js';

/**
 * A sliding-window request counter, as carrier APIs enforce them (`15 calls per second`, `100 per
 * minute`): the window is any `windowMs` ending now, so calendar seconds are covered too.
 */
export interface RequestWindow {
  /** Counts a request if the window has room; `false` when it is full. */
  tryTake(): boolean;
  /**
   * Counts a request that has arrived, room or not (a server that counts every call it receives);
   * `false` when it makes more than `limit` in the window.
   */
  arrive(): boolean;
  /** Milliseconds until the window has room again (0 when it has now). */
  retryAfterMs(): number;
  /** Requests counted in the current window. */
  count(): number;
}

export function createRequestWindow(clock: Clock, limit: number, windowMs: number): RequestWindow {
  let stamps: number[] = [];
  const prune = () => {
    const since = clock.now() - windowMs;
    if (stamps.length > 0 && (stamps[0] as number) <= since) stamps = stamps.filter((t) => t > since);
  };
  return {
    tryTake() {
      prune();
      if (stamps.length >= limit) return false;
      stamps.push(clock.now());
      return true;
    },
    arrive() {
      prune();
      stamps.push(clock.now());
      return stamps.length <= limit;
    },
    retryAfterMs() {
      prune();
      return stamps.length < limit ? 0 : (stamps[0] as number) + windowMs - clock.now();
    },
    count() {
      prune();
      return stamps.length;
    },
  };
}
