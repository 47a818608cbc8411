import { randomUUID } from 'node:crypto';
import { createProcessLock, type KeyedLock } from '../collections/keyed-lock.js';
import type { Clock } from '../time/clock.js';
import type { RedisClient } from './redis-connection.js';

export interface RedisLockOptions {
  readonly client: RedisClient;
  /** Real time: leases are Redis's own milliseconds, whatever clock the app runs on. */
  readonly clock: Clock;
  /**
   * A holder that dies keeps the key this long at most; a live one renews it every third of it while
   * its work runs. @defaultValue 5 000 ms
   */
  readonly leaseMs?: number;
  /** Gives up (rejects) after waiting this long: longer than a lease, so a crashed holder's lock is outlived. @defaultValue 15 000 ms */
  readonly maxWaitMs?: number;
  /** @defaultValue `postie:lock:` */
  readonly prefix?: string;
}

/**
 * Most holders need milliseconds, and one that needs longer (a notification waiting out a platform's
 * 429) keeps renewing its lease; a waiter outlasts a lease, so a lock left by a process killed while
 * holding it is taken over instead of failing the command.
 */
export const REDIS_LOCK_DEFAULTS = { leaseMs: 5_000, maxWaitMs: 15_000 } as const;

// Deletes the key only if it still holds our token, so a holder whose lease ran out cannot free a
// successor's lock (https://redis.io/docs/latest/develop/use/patterns/distributed-locks/#correct-implementation-with-a-single-instance).
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
// Extends the lease only if the key still holds our token, for the same reason.
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/**
 * A lock shared by every instance on one Redis server: `SET key token NX PX lease`, retried with a short
 * pause while another holds it, renewed every third of the lease while the work runs (so a slow holder
 * is not overtaken; a killed one's lease runs out), released with a compare-and-delete. Holders in this
 * process queue locally first, so Redis sees one contender per process and key.
 */
export function createRedisLock(options: RedisLockOptions): KeyedLock {
  const { client } = options;
  const leaseMs = options.leaseMs ?? REDIS_LOCK_DEFAULTS.leaseMs;
  const maxWaitMs = options.maxWaitMs ?? REDIS_LOCK_DEFAULTS.maxWaitMs;
  const prefix = options.prefix ?? 'postie:lock:';
  const local = createProcessLock();

  async function acquire(key: string, token: string): Promise<void> {
    const giveUpAt = options.clock.now() + maxWaitMs;
    for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
      if ((await client.set(prefix + key, token, { NX: true, PX: leaseMs })) === 'OK') return;
      if (options.clock.now() >= giveUpAt) throw new Error(`lock ${key} is busy`);
      await options.clock.sleep(pause);
    }
  }

  /** Renews the lease every third of it until `done` aborts, or until the key is no longer ours. */
  async function keepRenewed(key: string, token: string, done: AbortSignal): Promise<void> {
    const beatMs = Math.max(1, Math.floor(leaseMs / 3));
    while (!done.aborted) {
      try {
        await options.clock.sleep(beatMs, done);
      } catch {
        return;
      }
      const renewed = await client
        .eval(RENEW, { keys: [prefix + key], arguments: [token, String(leaseMs)] })
        .catch(() => 1);
      if (renewed === 0) return;
    }
  }

  return {
    withLock: (key, work) =>
      local.withLock(key, async () => {
        const token = randomUUID();
        await acquire(key, token);
        const done = new AbortController();
        const renewing = keepRenewed(key, token, done.signal);
        try {
          return await work();
        } finally {
          done.abort();
          await renewing;
          await client.eval(RELEASE, { keys: [prefix + key], arguments: [token] }).catch(() => undefined);
        }
      }),
  };
}
