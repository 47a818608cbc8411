/** Time as a parameter (STYLE.md §11): production uses the system clock, tests a fake one. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The longest a Node timer waits (2^31 - 1 ms, about 24.8 days); beyond it Node fires after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A wait a timer can take: none for one already over (a deadline that passed while it was worked out,
 * or NaN), at most {@link MAX_TIMER_MS}. Node warns on every other value and waits 1 ms instead.
 */
const timerMs = (ms: number): number => (ms > 0 ? Math.min(ms, MAX_TIMER_MS) : 0);

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, timerMs(ms));
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
