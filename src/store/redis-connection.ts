import { createClient } from '@redis/client';
import type { StoreState } from './store-backend.js';

export interface RedisConnectionOptions {
  /**
   * A command fails (`TimeoutError`) once it has waited this long: for the connection while Redis is
   * unreachable, or for its reply. A write that timed out may still have landed.
   * @defaultValue 5 000 ms
   */
  readonly commandTimeoutMs?: number;
  /** Told when the connection is lost (once per outage, with the first error) and when it is back. */
  readonly onStateChange?: (state: StoreState, error?: Error) => void;
}

const open = (url: string, commandTimeoutMs: number) =>
  createClient({
    url,
    socket: {
      connectTimeout: commandTimeoutMs,
      // After a lost connection: again after 50 ms, then twice as long each time, 5 s at most.
      reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 5_000),
    },
    commandOptions: { timeout: commandTimeoutMs, rejectInFlight: true },
  });

export type RedisClient = ReturnType<typeof open>;

export interface RedisConnection {
  /** Usable at once: commands wait (up to the timeout) while the connection is being made. */
  readonly client: RedisClient;
  readonly state: StoreState;
  close(): Promise<void>;
}

/**
 * The process's one connection to Redis (`@redis/client`), shared by the keyv namespaces, the counters,
 * the lock and the poll schedule. It connects in the background and reconnects by itself; an `error`
 * listener keeps a lost connection from crashing the process (an `error` event without one throws), and
 * turns the client's events into {@link StoreState}, reported on each change, not on every retry.
 */
export function connectRedis(url: string, options: RedisConnectionOptions = {}): RedisConnection {
  const client = open(url, options.commandTimeoutMs ?? 5_000);
  let state: StoreState = 'connecting';
  const change = (next: StoreState, error?: Error) => {
    if (next === state) return;
    state = next;
    options.onStateChange?.(next, error);
  };
  client.on('ready', () => change('ready'));
  client.on('error', (error: Error) => {
    if (state !== 'closed') change('unavailable', error);
  });
  client.connect().catch(() => undefined);

  return {
    client,
    get state() {
      return state;
    },
    async close() {
      if (state === 'closed') return;
      const wasReady = state === 'ready';
      change('closed');
      if (wasReady) await client.close();
      else client.destroy();
    },
  };
}
