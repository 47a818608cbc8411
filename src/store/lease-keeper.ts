import { isStoreUnavailable } from '../domain/store-unavailable.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../time/clock.js';
import type { Leases } from './leases.js';

/**
 * How long a lease lasts unrenewed: another instance takes over at most this long after the holder
 * died without releasing it, plus one try interval (a third of it), so within 20 s by default.
 */
const DEFAULT_LEASE_MS = 15_000;

/** `waiting`: another instance holds it (or the store is away); `held`: the activity runs here. */
export type LeaseState = 'waiting' | 'held' | 'stopped';

export interface LeaseKeeperDeps {
  readonly leases: Leases;
  /** The lease's name, the same on every instance (`telegram-polling`). */
  readonly name: string;
  /** This process run (`instance-id.ts`). */
  readonly holder: string;
  /** Real time in production: the lease expires on the store's clock. */
  readonly clock: Clock;
  /** @defaultValue {@link DEFAULT_LEASE_MS} */
  readonly leaseMs?: number;
  readonly logger: Logger;
  /**
   * Runs the activity the lease guards (long polling, the gateway) until `lost` aborts (the lease lost,
   * or the keeper stopped), and resolves once it has stopped. Resolving earlier on its own releases the
   * lease; a rejection is logged and does the same.
   */
  readonly hold: (lost: AbortSignal) => Promise<void>;
  /** Told on each change of state. */
  readonly onStateChange?: (state: LeaseState) => void;
}

export interface LeaseKeeper {
  readonly state: LeaseState;
  /** Stops the activity if it runs here and releases the lease, so another instance takes over at once; resolves once done. */
  stop(): Promise<void>;
}

/** Why the held activity was told to stop: the lease is no longer ours. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
}

/**
 * Holds the lease `name` whenever it can and runs `hold` while it does. Every third of the lease it
 * tries to take it (while waiting) or renews it (while holding: a compare-and-extend). A renewal that
 * finds another holder, fails, or has not been confirmed by the time the lease would run out aborts
 * `lost` at once, so the activity never outlives the lease; the keeper then waits for it again. A store
 * that is away (Redis down for everyone) stops nothing: no instance can take the lease while it is, and
 * chats keep being answered ("temporarily unavailable") rather than left without a word. On stop
 * the lease is released (compare-and-delete), so a waiting instance takes over at its next try.
 */
export function keepLease(deps: LeaseKeeperDeps): LeaseKeeper {
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const beatMs = Math.max(1, Math.floor(leaseMs / 3));
  const { leases, name, holder, clock } = deps;
  const logger = deps.logger.child({ lease: name });
  const stopped = new AbortController();
  let state: LeaseState = 'waiting';
  const setState = (next: LeaseState) => {
    if (state === next) return;
    state = next;
    deps.onStateChange?.(next);
  };
  const pause = (ms: number, signal: AbortSignal) => clock.sleep(ms, signal).catch(() => undefined);

  async function tryToTake(): Promise<boolean> {
    try {
      return await leases.acquire(name, holder, leaseMs);
    } catch (error) {
      logger.debug({ reason: reasonOf(error) }, 'lease not taken: the store did not answer');
      return false;
    }
  }

  /**
   * Renews every beat until `lost` aborts; aborts it when a renewal is refused (another instance holds
   * the lease, or it ran out) or is not answered before the lease would run out. While the store is
   * away (every call fails at once with a `StoreUnavailableError`), the activity goes on: no instance
   * can take the lease meanwhile, and the store's first answer after it tells whether it is still ours.
   */
  async function renewWhileHeld(lost: AbortController, takenAt: number): Promise<void> {
    let validUntil = takenAt + leaseMs;
    let storeAway = false;
    while (!lost.signal.aborted) {
      await pause(beatMs, lost.signal);
      if (lost.signal.aborted) return;
      const askedAt = clock.now();
      const outcome = await renewOnce(storeAway ? Number.POSITIVE_INFINITY : validUntil - askedAt);
      if (outcome === 'store_away') {
        if (!storeAway) logger.warn('lease not renewed: the store is away; running on until it answers');
        storeAway = true;
        continue;
      }
      if (outcome !== 'renewed') {
        logger.warn({ outcome }, 'lease lost: stopping what it guards');
        lost.abort(new LeaseLostError(`the lease ${name} was lost`));
        return;
      }
      if (storeAway) logger.info('lease renewed: the store is back');
      storeAway = false;
      validUntil = askedAt + leaseMs;
    }
  }

  /** One renewal, given `withinMs` to answer. */
  async function renewOnce(withinMs: number): Promise<'renewed' | 'refused' | 'store_away' | 'late'> {
    const outOfTime = new AbortController();
    const late =
      withinMs === Number.POSITIVE_INFINITY
        ? new Promise<never>(() => undefined)
        : clock.sleep(Math.max(0, withinMs), outOfTime.signal).then(
            () => 'late' as const,
            () => 'late' as const,
          );
    try {
      return await Promise.race([
        leases.renew(name, holder, leaseMs).then(
          (renewed) => (renewed ? ('renewed' as const) : ('refused' as const)),
          (error: unknown) => {
            if (isStoreUnavailable(error)) return 'store_away' as const;
            logger.warn({ reason: reasonOf(error) }, 'lease not renewed: the store failed');
            return 'refused' as const;
          },
        ),
        late,
      ]);
    } finally {
      outOfTime.abort();
    }
  }

  async function holdOnce(): Promise<void> {
    const takenAt = clock.now();
    const lost = new AbortController();
    const onStop = () => lost.abort(stopped.signal.reason);
    stopped.signal.addEventListener('abort', onStop, { once: true });
    setState('held');
    logger.info('lease taken: running here');
    const renewing = renewWhileHeld(lost, takenAt);
    try {
      await deps.hold(lost.signal);
    } catch (error) {
      logger.error({ reason: reasonOf(error) }, 'what the lease guards failed');
    }
    stopped.signal.removeEventListener('abort', onStop);
    const wasLost = lost.signal.reason instanceof LeaseLostError;
    lost.abort(new Error('the held activity ended'));
    await renewing;
    if (!wasLost) await leases.release(name, holder).catch(() => undefined);
    if (!stopped.signal.aborted) setState('waiting');
  }

  const running = (async () => {
    while (!stopped.signal.aborted) {
      if (await tryToTake()) {
        if (stopped.signal.aborted) break;
        await holdOnce();
      }
      await pause(beatMs, stopped.signal);
    }
    // A try that took the lease as the stop came: release it at once.
    await leases.release(name, holder).catch(() => undefined);
    setState('stopped');
  })();

  return {
    get state() {
      return state;
    },
    async stop() {
      stopped.abort(new Error('the lease keeper stopped'));
      await running;
    },
  };
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : 'unknown failure');
