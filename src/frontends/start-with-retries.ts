import type { Frontend } from '../domain/frontend.js';
import { SettingRefused } from '../domain/setting-refused.js';
import type { Logger } from '../logger.js';
import { backoffMs } from '../queue/backoff.js';
import type { Clock } from '../time/clock.js';

export interface StartRetryDeps {
  /** What measures the waits between tries. */
  readonly clock: Clock;
  /** @defaultValue Math.random */
  readonly random?: () => number;
  readonly logger: Logger;
  /** Aborted on shutdown: no more tries. */
  readonly signal: AbortSignal;
  /** First wait; it doubles with each failure, with full jitter. @defaultValue 1 000 ms */
  readonly baseMs?: number;
  /** @defaultValue 300 000 ms (five minutes) */
  readonly maxMs?: number;
}

export interface Starting {
  /** Settles once the first try is over, however it went. */
  readonly firstTry: Promise<void>;
  /**
   * `true` once started, `false` when `signal` aborted first; rejects with the {@link SettingRefused}
   * that ended the tries.
   */
  readonly started: Promise<boolean>;
}

/**
 * Starts a front-end while the rest of Postie runs: a failure that may pass (the platform unreachable,
 * answering 5xx, or not within its deadline) is one warning line and another try after a back-off; a
 * {@link SettingRefused} (a token the platform does not accept) ends the tries, since no retry changes it.
 */
export function startWithRetries(frontend: Frontend, deps: StartRetryDeps): Starting {
  const random = deps.random ?? Math.random;
  let firstTryOver: () => void = () => undefined;
  const firstTry = new Promise<void>((resolve) => {
    firstTryOver = resolve;
  });
  const started = (async () => {
    try {
      for (let attempt = 1; !deps.signal.aborted; attempt++) {
        try {
          await frontend.start();
          return true;
        } catch (error) {
          if (error instanceof SettingRefused) throw error;
          if (deps.signal.aborted) break;
          const waitMs = backoffMs(attempt, random, {
            baseMs: deps.baseMs ?? 1_000,
            maxMs: deps.maxMs ?? 300_000,
          });
          deps.logger.warn(
            {
              frontend: frontend.id,
              attempt,
              retryInMs: waitMs,
              reason: error instanceof Error ? error.message : 'unknown failure',
              check: frontend.endpointSetting,
            },
            `${frontend.id} could not start; trying again`,
          );
          firstTryOver();
          await deps.clock.sleep(waitMs, deps.signal).catch(() => undefined);
        }
      }
      return false;
    } finally {
      firstTryOver();
    }
  })();
  return { firstTry, started };
}
