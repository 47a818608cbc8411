import { type Clock, systemClock } from '../time/clock.js';
import { createProcessLock } from './keyed-lock.js';
import { openStoredCache } from './keyv-cache.js';
import { createRedisLock } from './redis-lock.js';
import { createSubscriptionStore, type SubscriptionStore } from './subscription-store.js';

export interface OpenSubscriptionStoreOptions {
  readonly clock: Clock;
  readonly onBadRecord: (error: Error) => void;
  /** Prefix of the keyv namespaces (tests keep runs apart with it). @defaultValue `subs` */
  readonly namespace?: string;
}

/**
 * The subscription store on `STORE_URL`: SQLite (embedded, one process, locks in memory) or Redis
 * (several instances, locks in Redis so they exclude each other too).
 */
export function openSubscriptionStore(url: string, options: OpenSubscriptionStoreOptions): SubscriptionStore {
  const ns = options.namespace ?? 'subs';
  const tables = {
    subscriptions: openStoredCache(url, `${ns}-subscription`),
    watches: openStoredCache(url, `${ns}-watch`),
    chats: openStoredCache(url, `${ns}-chat`),
    outbox: openStoredCache(url, `${ns}-outbox`),
  };
  const shared = /^rediss?:\/\//.test(url);
  const redisLock = shared
    ? // Leases are Redis's real milliseconds: the lock keeps real time whatever clock the app runs on.
      createRedisLock({ url, clock: systemClock, prefix: `postie:lock:${ns}:` })
    : undefined;
  const lock = redisLock ?? createProcessLock();
  return createSubscriptionStore({
    tables,
    lock,
    onBadRecord: options.onBadRecord,
    close: async () => {
      await Promise.all(Object.values(tables).map((t) => t.close()));
      await redisLock?.close();
    },
  });
}
