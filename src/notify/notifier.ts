import { setMaxListeners } from 'node:events';
import { isStoreUnavailable } from '../domain/store-unavailable.js';
import type { Clock } from '../time/clock.js';
import { type ChatDeliveryDeps, createChatDelivery } from './chat-delivery.js';
import { createHeldChats } from './held-chats.js';

export interface NotifierDeps extends Omit<ChatDeliveryDeps, 'requeue' | 'holdUntil'> {
  readonly clock: Clock;
  /** Notifications for one chat recorded within this window go out as one message. @defaultValue 5 000 ms */
  readonly batchWindowMs?: number;
  /** First wait after a failed delivery; doubles up to `maxRetryMs`. @defaultValue 5 000 ms */
  readonly retryMs?: number;
  /** @defaultValue 600 000 ms */
  readonly maxRetryMs?: number;
  /**
   * Resolves once the store is ready (`StoreBackend.ready`), rejecting when `signal` aborts: a chat whose
   * notifications failed because the store was away waits for it. @defaultValue resolves at once
   */
  readonly storeReady?: (signal: AbortSignal) => Promise<void>;
  /**
   * Whether this process sends the digest of `chat`'s quiet hours that ended at `endedAt` (epoch ms):
   * several instances may hold the same chat (each finds the outbox at its start), one sends. Resolves
   * `true` once per chat and end across instances. @defaultValue always `true` (one process)
   */
  readonly claimDigest?: (chat: string, endedAt: number) => Promise<boolean>;
}

export interface Notifier {
  /** Sends what the outbox holds from before a restart. */
  start(): Promise<void>;
  /** The chat has pending notifications for these numbers (just recorded). */
  notify(chat: string, numbers: readonly string[]): void;
  /**
   * The chat's quiet hours changed or ended: everything its outbox holds is looked at again now, whichever
   * instance held it.
   */
  release(chat: string): void;
  /** Sends what quiet hours held whose end has come, without waiting for its timer (a clock that jumps). */
  releaseDue(): void;
  /**
   * Resolves when nothing is waiting or being sent, except retries of failed deliveries and chats waiting
   * for the store to come back (tests, benchmarks).
   */
  idle(): Promise<void>;
  /** Stops sending; what is unsent stays in the outbox for the next start. */
  stop(): Promise<void>;
}

/**
 * Delivers the durable outbox, chat by chat: waits `batchWindowMs` so several parcels' news make one
 * message, then sends it (`chat-delivery.ts`: rendered in the chat's language, sent through the
 * platform's channel, then cleared; events recorded meanwhile follow). A crash after sending and before
 * clearing sends it again on start: at most one repeat per crash, none on Discord, whose nonce drops it.
 * A failed send is retried with back-off; an unreachable chat has its subscriptions deactivated. What
 * falls inside a chat's quiet hours stays in the outbox until they end (`quiet-hold.ts`), then goes as
 * one digest.
 *
 * While the store is away nothing is lost or sent twice: a chat whose flush fails on the store keeps its
 * numbers and waits for the store (`storeReady`), then tries again (with back-off, should the store say
 * it is back and still fail).
 */
export function createNotifier(deps: NotifierDeps): Notifier {
  const windowMs = deps.batchWindowMs ?? 5_000;
  const retryMs = deps.retryMs ?? 5_000;
  const maxRetryMs = deps.maxRetryMs ?? 600_000;
  const waiting = new Map<string, Set<string>>();
  const running = new Map<string, Promise<void>>();
  /** Chats whose last flush failed because the store was away: how many times in a row. */
  const storeFailures = new Map<string, number>();
  let storeAway = false;
  const storeReady = deps.storeReady ?? (async () => undefined);
  const shutdown = new AbortController();
  // Every chat waiting for its window listens for shutdown: thousands at once are expected, not a leak.
  setMaxListeners(0, shutdown.signal);

  const addWaiting = (chat: string, numbers: readonly string[]) => {
    const set = waiting.get(chat) ?? new Set<string>();
    for (const n of numbers) set.add(n);
    waiting.set(chat, set);
  };

  // The memory of what quiet hours hold; the notifications stay in the outbox.
  const held = createHeldChats({
    clock: deps.clock,
    signal: shutdown.signal,
    wake: (chat) => schedule(chat, 0),
    numbersOf: (chat) => deps.outbox.numbersOf(chat),
    ...(deps.claimDigest ? { claimDigest: deps.claimDigest } : {}),
  });
  const delivery = createChatDelivery({ ...deps, requeue: addWaiting, holdUntil: held.hold });

  const schedule = (chat: string, delayMs: number) => {
    if (running.has(chat) || shutdown.signal.aborted) return;
    const run = (async () => {
      try {
        await deps.clock.sleep(delayMs, shutdown.signal);
        if (storeFailures.has(chat)) await storeReady(shutdown.signal);
        await flush(chat);
        storeFailures.delete(chat);
        if (storeAway && storeFailures.size === 0) {
          storeAway = false;
          deps.logger.info('notifications go out again: the store is back');
        }
      } catch (error) {
        if (shutdown.signal.aborted) {
          // Stopping: what is unsent stays in the outbox.
        } else if (isStoreUnavailable(error)) {
          storeFailures.set(chat, (storeFailures.get(chat) ?? 0) + 1);
          if (!storeAway) deps.logger.warn({ err: error }, 'notifications wait for the store');
          storeAway = true;
        } else {
          deps.logger.error({ err: error, chat }, 'sending notifications failed');
        }
      } finally {
        running.delete(chat);
      }
      const again = (waiting.get(chat)?.size ?? 0) > 0 || held.handedBack(chat);
      if (again && !shutdown.signal.aborted) schedule(chat, nextDelay(chat));
    })();
    running.set(chat, run);
  };

  const nextDelay = (chat: string) => {
    // Away: at once, to wait for the store; back yet failing again: a back-off, not a busy loop.
    const stored = storeFailures.get(chat) ?? 0;
    if (stored > 0) return stored === 1 ? 0 : Math.min(maxRetryMs, retryMs * 2 ** (stored - 2));
    const failed = delivery.failures(chat);
    return failed === 0 ? windowMs : Math.min(maxRetryMs, retryMs * 2 ** (failed - 1));
  };

  async function flush(chat: string) {
    const numbers = new Set(waiting.get(chat));
    waiting.delete(chat);
    try {
      // What quiet hours hand back, at their end or a change of them.
      for (const n of await held.take(chat)) numbers.add(n);
      await delivery.send(chat, [...numbers]);
    } catch (error) {
      // The store went away midway: what was taken is tried again once it is back.
      if (isStoreUnavailable(error)) addWaiting(chat, [...numbers]);
      throw error;
    }
  }

  return {
    async start() {
      for await (const [chat, number] of deps.outbox.marked()) addWaiting(chat, [number]);
      for (const chat of waiting.keys()) schedule(chat, 0);
    },
    notify(chat, numbers) {
      addWaiting(chat, numbers);
      schedule(chat, nextDelay(chat));
    },
    release: (chat) => held.release(chat),
    releaseDue: () => held.releaseDue(),
    async idle() {
      for (;;) {
        // A chat with failed deliveries is waiting to retry, or for the store: not something to wait for.
        const busy = [...running]
          .filter(([chat]) => delivery.failures(chat) === 0 && !storeFailures.has(chat))
          .map(([, run]) => run);
        if (busy.length === 0) return;
        await Promise.all(busy);
      }
    },
    async stop() {
      shutdown.abort();
      await Promise.allSettled(running.values());
    },
  };
}
