import { isStoreUnavailable } from '../domain/store-unavailable.js';
import type { Logger } from '../logger.js';
import { backoffMs } from '../queue/backoff.js';
import type { StoreBackend } from '../store/store-backend.js';
import type { Clock } from '../time/clock.js';
import type { SubscriptionEngine } from './subscription-engine.js';

export interface StartWhenReadyDeps {
  readonly store: Pick<StoreBackend, 'ready'>;
  /** What measures the waits between tries: real time. */
  readonly clock: Clock;
  /** @defaultValue Math.random */
  readonly random?: () => number;
  readonly logger: Logger;
  /** Aborted on shutdown: no more tries. */
  readonly signal: AbortSignal;
}

/**
 * Starts the subscription engine (the poll schedule loaded, the outbox sent) once the store is ready,
 * and again whenever the store fails the start midway, after a back-off (1 s doubling to a minute, full
 * jitter): with Redis away at start, the front-ends and the health check run meanwhile, and polling and
 * notifications begin when it comes. Resolves `true` once started, `false` when `signal` aborted first;
 * rejects with any failure that is not the store's.
 */
export async function startWhenStoreReady(
  engine: Pick<SubscriptionEngine, 'start'>,
  deps: StartWhenReadyDeps,
): Promise<boolean> {
  const random = deps.random ?? Math.random;
  for (let attempt = 1; !deps.signal.aborted; attempt++) {
    try {
      await deps.store.ready(deps.signal);
      await engine.start();
      return true;
    } catch (error) {
      if (deps.signal.aborted) return false;
      if (!isStoreUnavailable(error)) throw error;
      const waitMs = backoffMs(attempt, random, { baseMs: 1_000, maxMs: 60_000 });
      deps.logger.warn({ err: error, retryInMs: waitMs }, 'subscriptions could not start: the store failed');
      await deps.clock.sleep(waitMs, deps.signal).catch(() => undefined);
    }
  }
  return false;
}
