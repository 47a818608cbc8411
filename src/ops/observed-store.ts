import { isStoreUnavailable } from '../domain/store-unavailable.js';
import type { StoredCache } from '../store/keyv-cache.js';
import type { StoreBackend } from '../store/store-backend.js';
import type { Clock } from '../time/clock.js';
import type { Telemetry } from './telemetry.js';

/**
 * The store with every call that fails because the store is away counted (`storeError`), and the due
 * schedule's claims counted as polls come due; a claim that finds nothing due ends a poll pass (the
 * due loop claims until nothing is left), which the status views show as the last poll pass.
 */
export function observeStore(backend: StoreBackend, telemetry: Telemetry, clock: Clock): StoreBackend {
  const counted = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (isStoreUnavailable(error)) telemetry.storeError();
      throw error;
    }
  };
  const namespaces = new Map<string, StoredCache>();
  const schedule = backend.dueSchedule;
  return {
    kind: backend.kind,
    namespace(name) {
      let found = namespaces.get(name);
      if (!found) {
        const cache = backend.namespace(name);
        found = {
          namespace: cache.namespace,
          get: (key) => counted(() => cache.get(key)),
          set: (key, value, ttlMs) => counted(() => cache.set(key, value, ttlMs)),
          delete: (key) => counted(() => cache.delete(key)),
          async *entries() {
            try {
              yield* cache.entries();
            } catch (error) {
              if (isStoreUnavailable(error)) telemetry.storeError();
              throw error;
            }
          },
        };
        namespaces.set(name, found);
      }
      return found;
    },
    write: (changes) => counted(() => backend.write(changes)),
    counters: {
      increment: (key, by, ttlMs) => counted(() => backend.counters.increment(key, by, ttlMs)),
      get: (key) => counted(() => backend.counters.get(key)),
    },
    // Not counted: what fails inside a lock is counted by the call that failed.
    lock: backend.lock,
    // Not counted: a lane that cannot reach its state fails its lookups, which are counted.
    laneStates: backend.laneStates,
    // Not counted: a lease's holder retries on its own beat, and tells what it lost.
    leases: backend.leases,
    dueSchedule: {
      plan: (key, at, options) => counted(() => schedule.plan(key, at, options)),
      drop: (key) => counted(() => schedule.drop(key)),
      async claimDue(now, limit, leaseMs) {
        const claimed = await counted(() => schedule.claimDue(now, limit, leaseMs));
        if (claimed.length > 0) telemetry.pollsClaimed(claimed.length);
        else telemetry.pollPassEnded(clock.now());
        return claimed;
      },
      nextAt: () => counted(() => schedule.nextAt()),
    },
    get state() {
      return backend.state;
    },
    ready: (signal) => backend.ready(signal),
    close: () => backend.close(),
  };
}
