import type { KeyedLock } from '../collections/keyed-lock.js';
import type { CounterStore } from '../queue/counter-store.js';
import type { LaneState, LaneStates } from '../queue/lane-state.js';
import type { PollHold } from '../queue/poll-hold.js';
import type { DueSchedule } from '../scheduler/due-schedule.js';
import type { StoredCache } from './keyv-cache.js';
import type { Leases } from './leases.js';
import type { StoreBackend } from './store-backend.js';

/** How one backend tells its own failures apart from everything else. */
export interface UnavailableRules {
  /** Throws the `StoreUnavailableError` of a store known to be away, so a call fails at once; else returns. */
  check(): void;
  /**
   * What a failed call's error becomes: a `StoreUnavailableError` (with the original as `cause`) when
   * the store failed, anything else (a bug, a value keyv cannot encode) as it is.
   */
  classify(error: unknown): unknown;
}

/**
 * The backend every caller gets: each call on it (a namespace's reads and writes and listing, a batch,
 * a counter, the lock, the poll schedule, a lane's state, a lease) first asks `check`, then fails with `classify`'s error. So
 * "the store is away" is one error type, `StoreUnavailableError`, whichever backend and whichever part.
 */
export function guardBackend(backend: StoreBackend, rules: UnavailableRules): StoreBackend {
  const call = async <T>(work: () => Promise<T>): Promise<T> => {
    rules.check();
    try {
      return await work();
    } catch (error) {
      throw rules.classify(error);
    }
  };
  const namespaces = new Map<string, StoredCache>();
  const namespace = (name: string): StoredCache => {
    let found = namespaces.get(name);
    if (!found) {
      found = guardCache(backend.namespace(name), call, rules);
      namespaces.set(name, found);
    }
    return found;
  };
  const counters: CounterStore = {
    increment: (key, by, ttlMs) => call(() => backend.counters.increment(key, by, ttlMs)),
    get: (key) => call(() => backend.counters.get(key)),
  };
  const lock: KeyedLock = { withLock: (key, work) => call(() => backend.lock.withLock(key, work)) };
  const dueSchedule: DueSchedule = {
    plan: (number, at, options) => call(() => backend.dueSchedule.plan(number, at, options)),
    drop: (number) => call(() => backend.dueSchedule.drop(number)),
    claimDue: (now, limit, leaseMs) => call(() => backend.dueSchedule.claimDue(now, limit, leaseMs)),
    nextAt: () => call(() => backend.dueSchedule.nextAt()),
  };
  const laneStates: LaneStates = {
    lane(adapter, limits): LaneState {
      const state = backend.laneStates.lane(adapter, limits);
      return {
        intervalMs: state.intervalMs,
        reserve: (now) => call(() => state.reserve(now)),
        ended: (token, now, end) => call(() => state.ended(token, now, end)),
        cancel: (token, now) => call(() => state.cancel(token, now)),
        view: (now) => state.view(now),
      };
    },
    pollHold(adapter): PollHold {
      const hold = backend.laneStates.pollHold(adapter);
      return {
        add: (numbers, now) => call(() => hold.add(numbers, now)),
        take: (now, rules, force) => call(() => hold.take(now, rules, force)),
      };
    },
  };
  const leases: Leases = {
    acquire: (name, holder, ttlMs) => call(() => backend.leases.acquire(name, holder, ttlMs)),
    renew: (name, holder, ttlMs) => call(() => backend.leases.renew(name, holder, ttlMs)),
    release: (name, holder) => call(() => backend.leases.release(name, holder)),
    holder: (name) => call(() => backend.leases.holder(name)),
    list: () => call(() => backend.leases.list()),
  };
  return {
    kind: backend.kind,
    namespace,
    write: (changes) => call(() => backend.write(changes)),
    counters,
    lock,
    dueSchedule,
    laneStates,
    leases,
    get state() {
      return backend.state;
    },
    ready: (signal) => backend.ready(signal),
    close: () => backend.close(),
  };
}

type Call = <T>(work: () => Promise<T>) => Promise<T>;

function guardCache(cache: StoredCache, call: Call, rules: UnavailableRules): StoredCache {
  return {
    namespace: cache.namespace,
    get: <T>(key: string) => call(() => cache.get<T>(key)),
    set: (key, value, ttlMs) => call(() => cache.set(key, value, ttlMs)),
    delete: (key) => call(() => cache.delete(key)),
    async *entries<T>() {
      rules.check();
      try {
        yield* cache.entries<T>();
      } catch (error) {
        throw rules.classify(error);
      }
    },
  };
}
