import {
  AbortReadError,
  ClientClosedError,
  ClientOfflineError,
  ConnectionTimeoutError,
  createClient,
  DisconnectsClientError,
  ErrorReply,
  ReconnectStrategyError,
  SocketClosedUnexpectedlyError,
  SocketTimeoutError,
  TimeoutError,
  TimeoutReadError,
} from '@redis/client';
import { backoffMs } from '../queue/backoff.js';
import { type Clock, systemClock } from '../time/clock.js';
import type { StoreState } from './store-backend.js';
import { type StoreStateCell, storeStateCell } from './store-state.js';
import { describeStoreUrl } from './store-url.js';

export interface RedisConnectionOptions {
  /**
   * A command fails (`TimeoutError`) once it has waited this long for its reply, and a connection
   * attempt once it has waited this long for the server. A write that timed out may still have landed.
   * @defaultValue 5 000 ms
   */
  readonly commandTimeoutMs?: number;
  /** Told when the connection is lost (once per outage, with the first error) and when it is back. */
  readonly onStateChange?: (state: StoreState, error?: Error) => void;
  /** What measures the waits between connection attempts: real time in production. @defaultValue the system clock */
  readonly retryClock?: Clock;
  /** The back-off's jitter, [0, 1). @defaultValue Math.random */
  readonly random?: () => number;
}

/**
 * Waits between connection attempts (`backoffMs`: full jitter below `baseMs · 2^(n−1)`, at most
 * `maxMs`): a Redis back after an outage is in use within `maxMs`, and one still away costs a try
 * every few seconds, not a storm of them.
 */
export const REDIS_RECONNECT = { baseMs: 250, maxMs: 10_000 } as const;

const open = (url: string, commandTimeoutMs: number) =>
  createClient({
    url,
    socket: {
      connectTimeout: commandTimeoutMs,
      // The client never reconnects by itself (it would wait in real time, out of reach of tests):
      // `connectRedis` does, on its retry clock.
      reconnectStrategy: false,
    },
    commandOptions: { timeout: commandTimeoutMs, rejectInFlight: true },
  });

export type RedisClient = ReturnType<typeof open>;

export interface RedisConnection {
  /**
   * Usable at once: a command waits (up to its timeout) while an attempt is under way, and fails at once
   * between attempts (`ClientClosedError`). The store backend fails every call at once unless `ready`.
   */
  readonly client: RedisClient;
  readonly state: StoreState;
  /** Resolves once the first connection attempt is over, whichever way it went. */
  readonly opened: Promise<void>;
  /** See `StoreBackend.ready`. */
  ready(signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/**
 * The process's one connection to Redis (`@redis/client`), shared by the keyv namespaces, the counters,
 * the lock and the poll schedule. It connects in the background and, whenever the connection is lost
 * or an attempt fails, tries again after a back-off on `retryClock` ({@link REDIS_RECONNECT}), for as
 * long as it is open. An `error` listener keeps a lost connection from crashing the process (an `error`
 * event without one throws); the client's events become {@link StoreState}, reported on each change,
 * not on every attempt.
 */
export function connectRedis(url: string, options: RedisConnectionOptions = {}): RedisConnection {
  const client = open(url, options.commandTimeoutMs ?? 5_000);
  const clock = options.retryClock ?? systemClock;
  const random = options.random ?? Math.random;
  const closing = new AbortController();
  const cell: StoreStateCell = storeStateCell(
    'connecting',
    describeStoreUrl(url) ?? 'redis',
    options.onStateChange,
  );
  let firstTryOver: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    firstTryOver = resolve;
  });

  let connecting = false;
  const connectLoop = async () => {
    if (connecting) return;
    connecting = true;
    try {
      for (let attempt = 1; !closing.signal.aborted; attempt++) {
        try {
          await client.connect();
          cell.set('ready');
          return;
        } catch (error) {
          if (closing.signal.aborted) return;
          cell.set('unavailable', asError(error));
        } finally {
          firstTryOver();
        }
        await clock.sleep(backoffMs(attempt, random, REDIS_RECONNECT), closing.signal).catch(() => undefined);
      }
    } finally {
      connecting = false;
    }
  };

  // Every failed attempt and lost connection is also an `error` event: the state above tells them once.
  client.on('error', () => undefined);
  // A connection lost while in use: its commands have failed; connect again.
  client.on('terminated', (cause: unknown) => {
    if (cell.state !== 'ready') return;
    cell.set('unavailable', asError(cause));
    void connectLoop();
  });
  void connectLoop();

  return {
    client,
    get state() {
      return cell.state;
    },
    opened,
    ready: (signal) => cell.ready(signal),
    async close() {
      if (cell.state === 'closed') return;
      const wasReady = cell.state === 'ready';
      closing.abort();
      cell.set('closed');
      firstTryOver();
      if (wasReady) await client.close().catch(() => client.destroy());
      else client.destroy();
    },
  };
}

function asError(cause: unknown): Error {
  return cause instanceof Error ? cause : new Error('the Redis connection failed');
}

/**
 * What `@redis/client` fails a command with when the server is away, slow or refusing (`LOADING`,
 * `READONLY`, `OOM`, `NOAUTH` and other error replies included), and a socket's own error
 * (`ECONNREFUSED`, `ECONNRESET`, …) that it passes on to the commands it fails.
 */
const CONNECTION_FAILURES = [
  AbortReadError,
  ClientClosedError,
  ClientOfflineError,
  ConnectionTimeoutError,
  DisconnectsClientError,
  ErrorReply,
  ReconnectStrategyError,
  SocketClosedUnexpectedlyError,
  SocketTimeoutError,
  TimeoutError,
  TimeoutReadError,
];

/** Whether `error` is Redis failing, not a bug of the caller's: the store is unavailable. */
export function isRedisFailure(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  if (CONNECTION_FAILURES.some((failure) => error instanceof failure)) return true;
  return 'syscall' in error && typeof error.syscall === 'string';
}
