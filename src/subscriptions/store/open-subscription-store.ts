import type { StoreBackend } from '../../store/store-backend.js';
import { createSubscriptionStore, type SubscriptionStore } from './subscription-store.js';

export interface OpenSubscriptionStoreOptions {
  readonly onBadRecord: (error: Error) => void;
  /** Prefix of the namespaces and lock keys (tests keep runs apart with it). @defaultValue `subs` */
  readonly namespace?: string;
}

/**
 * The subscription store on the process's store backend: four namespaces (`<prefix>-subscription`,
 * `-watch`, `-chat`, `-outbox`), its batches, and its lock (in process on SQLite; in Redis, keys
 * `postie:lock:<prefix>:…`, so instances exclude each other too). Closing the backend closes it.
 */
export function openSubscriptionStore(
  backend: StoreBackend,
  options: OpenSubscriptionStoreOptions,
): SubscriptionStore {
  const ns = options.namespace ?? 'subs';
  return createSubscriptionStore({
    tables: {
      subscriptions: backend.namespace(`${ns}-subscription`),
      watches: backend.namespace(`${ns}-watch`),
      chats: backend.namespace(`${ns}-chat`),
      outbox: backend.namespace(`${ns}-outbox`),
    },
    write: (changes) => backend.write(changes),
    lock: { withLock: (key, work) => backend.lock.withLock(`${ns}:${key}`, work) },
    onBadRecord: options.onBadRecord,
  });
}
