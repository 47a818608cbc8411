import type { KeyedLock } from '../collections/keyed-lock.js';
import type { CounterStore } from '../queue/counter-store.js';
import type { LaneStates } from '../queue/lane-state.js';
import type { DueSchedule } from '../scheduler/due-schedule.js';
import type { StoredCache } from './keyv-cache.js';
import type { Leases } from './leases.js';

/**
 * Whether the store answers: `ready`; `connecting` (Redis, during its first connection attempt);
 * `unavailable` (Redis unreachable, or the SQLite file deleted or replaced): every call fails at once
 * with a `StoreUnavailableError` until it is back (Redis reconnects by itself; a lost SQLite file stays
 * lost until Postie restarts); `closed`.
 */
export type StoreState = 'ready' | 'connecting' | 'unavailable' | 'closed';

/** One record of a batch: `value` stored (kept until deleted), or the record deleted if `value` is undefined. */
export interface StoredChange {
  readonly namespace: string;
  readonly key: string;
  readonly value: unknown;
}

/**
 * Everything Postie keeps, on the store `STORE_URL` names, over one connection per process: built once
 * (`openStoreBackend`) and passed down. Embedded (SQLite, one process) or shared (Redis, several
 * instances excluding and counting with each other).
 */
export interface StoreBackend {
  readonly kind: 'embedded' | 'shared';
  /** Records of one kind, apart from every other namespace's (a keyv namespace); one object per name. */
  namespace(name: string): StoredCache;
  /**
   * Writes every change or none: one SQLite transaction, or one Redis `MULTI`/`EXEC`. For records that
   * change together, so no crash or failure leaves one written without the others.
   */
  write(changes: readonly StoredChange[]): Promise<void>;
  /** Expiring counters (quotas, per-user limits), counted across instances on Redis. */
  readonly counters: CounterStore;
  /** Per-key mutual exclusion: in this process on SQLite, across instances on Redis. */
  readonly lock: KeyedLock;
  /** When each followed number is next polled: in this process on SQLite, a Redis sorted set when shared. */
  readonly dueSchedule: DueSchedule;
  /**
   * Each carrier lane's spacing, windows, requests in flight, pauses and breaker, and the background
   * polls held for a batch: in this process on SQLite, shared by every instance on Redis.
   */
  readonly laneStates: LaneStates;
  /**
   * Named leases held by one instance at a time (the Telegram long poll, the Discord gateway, each
   * instance's presence): expiring and contended across instances on Redis; this process's on SQLite.
   */
  readonly leases: Leases;
  readonly state: StoreState;
  /**
   * Resolves once the store is `ready` (at once when it is). Rejects with the signal's reason when
   * `signal` aborts first, and with a `StoreUnavailableError` once the store is closed.
   */
  ready(signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}
