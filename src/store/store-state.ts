import { StoreUnavailableError } from '../domain/store-unavailable.js';
import type { StoreState } from './store-backend.js';

/** A backend's {@link StoreState}, what it tells on each change, and who waits for it to be ready. */
export interface StoreStateCell {
  readonly state: StoreState;
  /** Moves to `next` and reports it (with the error that caused it); nothing when already there or closed. */
  set(next: StoreState, error?: Error): void;
  /** See `StoreBackend.ready`. */
  ready(signal?: AbortSignal): Promise<void>;
}

/**
 * `store` names the store in the error a waiter gets when it closes; `onChange` hears each change once,
 * never a repeat of the same state (one line in the log per outage, not one per failed attempt).
 */
export function storeStateCell(
  initial: StoreState,
  store: string,
  onChange?: (state: StoreState, error?: Error) => void,
): StoreStateCell {
  let state = initial;
  const waiters = new Set<{ resolve: () => void; reject: (error: unknown) => void }>();
  return {
    get state() {
      return state;
    },
    set(next, error) {
      if (next === state || state === 'closed') return;
      state = next;
      if (next === 'ready' || next === 'closed') {
        const closed = new StoreUnavailableError(store, 'it was closed');
        for (const waiter of waiters) {
          if (next === 'ready') waiter.resolve();
          else waiter.reject(closed);
        }
        waiters.clear();
      }
      onChange?.(next, error);
    },
    ready(signal) {
      if (state === 'ready') return Promise.resolve();
      if (state === 'closed') return Promise.reject(new StoreUnavailableError(store, 'it was closed'));
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          waiters.delete(waiter);
          reject(signal?.reason);
        };
        const waiter = {
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
          reject: (error: unknown) => {
            signal?.removeEventListener('abort', onAbort);
            reject(error);
          },
        };
        waiters.add(waiter);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
