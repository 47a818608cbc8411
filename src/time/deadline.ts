import type { Clock } from './clock.js';

/** A call that did not finish before its deadline. */
class DeadlineError extends Error {
  override readonly name = 'DeadlineError';
  readonly timeoutMs: number;

  constructor(what: string, timeoutMs: number) {
    super(`${what}: no answer within ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

export interface DeadlineOptions {
  /** What measures the time (the system clock in production, a manual one in tests). */
  readonly clock: Clock;
  readonly timeoutMs: number;
  /** Names the call in the {@link DeadlineError}'s message, e.g. `Telegram sendMessage`. */
  readonly what: string;
  /** Ends the call early (shutdown); the call then rejects with this signal's reason. */
  readonly signal?: AbortSignal;
}

/**
 * Runs `call` with a signal that aborts when `timeoutMs` have passed on `clock` or when `signal` aborts,
 * and settles by then whatever `call` does: it rejects with a {@link DeadlineError} (or `signal`'s
 * reason) even if `call` ignores its signal, which is left to settle on its own and never waited for.
 */
export function withDeadline<T>(
  options: DeadlineOptions,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  const controller = new AbortController();
  const stopTimer = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  options.clock.sleep(options.timeoutMs, stopTimer.signal).then(
    () => controller.abort(new DeadlineError(options.what, options.timeoutMs)),
    () => undefined,
  );
  const ended = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  const run = (async () => call(controller.signal))();
  return Promise.race([run, ended]).finally(() => {
    stopTimer.abort();
    signal?.removeEventListener('abort', onAbort);
  });
}
