import type { Clock } from './clock.js';

/** `complete`: everything stopped in order; `abandoned`: the deadline came first and work was given up. */
export type StopOutcome = 'complete' | 'abandoned';

export interface StopWithinOptions {
  /** What measures the deadline. */
  readonly clock: Clock;
  /** The whole stop's limit, the process's exit included. */
  readonly timeoutMs: number;
  /** Told when the orderly stop ran out of its time and `abandon` is about to abort. */
  readonly onAbandon?: () => void;
}

/**
 * An orderly stop with a deadline: `stop` gets until `timeoutMs` less a reserve (one second, or a fifth
 * of `timeoutMs` when that is shorter); then its `abandon` signal aborts, so that calls still waiting
 * give up, and it gets most of the reserve to finish. Resolves whatever `stop` does meanwhile by
 * `timeoutMs` less 100 ms (a twentieth when shorter), the time a process needs to exit, so that it is
 * gone by `timeoutMs`; what is still under way is left behind. Never rejects: a `stop` that fails has
 * stopped all it could.
 */
export async function stopWithin(
  options: StopWithinOptions,
  stop: (abandon: AbortSignal) => Promise<void>,
): Promise<StopOutcome> {
  const abandonAtMs = options.timeoutMs - Math.min(1_000, options.timeoutMs / 5);
  const endAtMs = options.timeoutMs - Math.min(100, options.timeoutMs / 20);
  const abandon = new AbortController();
  const timers = new AbortController();
  const finished = stop(abandon.signal).then(
    () => true,
    () => true,
  );
  const wait = (ms: number) =>
    options.clock.sleep(ms, timers.signal).then(
      () => false,
      () => false,
    );
  try {
    if (await Promise.race([finished, wait(abandonAtMs)])) return 'complete';
    options.onAbandon?.();
    abandon.abort(new Error('the shutdown deadline is near'));
    await Promise.race([finished, wait(endAtMs - abandonAtMs)]);
    return 'abandoned';
  } finally {
    timers.abort();
  }
}
