import { createHash } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { ChatRef, Platform } from '../core/incoming.js';
import type { Locale } from '../domain/locale.js';
import type { Logger } from '../logger.js';
import type { Renderer, View } from '../render/renderer.js';
import { isStoreUnavailable } from '../store/store-unavailable.js';
import type { Clock } from '../time/clock.js';
import type { DeliveryResult, NotificationChannel } from './notification-channel.js';
import type { Outbox, WaitingNotification } from './outbox.js';

export interface NotifierDeps {
  /** What waits to be sent (the durable outbox). */
  readonly outbox: Outbox;
  /** One per platform whose front-end is running; other chats' notifications wait in the outbox. */
  readonly channels: ReadonlyMap<Platform, NotificationChannel>;
  readonly renderer: Renderer;
  /** How the chat reads (language, time zone), given the language it was answered in when subscribing. */
  readonly viewOf: (chat: ChatRef, subscribedLocale: Locale | undefined) => Promise<View>;
  readonly clock: Clock;
  readonly logger: Logger;
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
}

export interface Notifier {
  /** Sends what the outbox holds from before a restart. */
  start(): Promise<void>;
  /** The chat has pending notifications for these numbers (just recorded). */
  notify(chat: string, numbers: readonly string[]): void;
  /**
   * Resolves when nothing is waiting or being sent, except retries of failed deliveries and chats waiting
   * for the store to come back (tests, benchmarks).
   */
  idle(): Promise<void>;
  /** Stops sending; what is unsent stays in the outbox for the next start. */
  stop(): Promise<void>;
}

/**
 * Delivers the durable outbox. Per chat: waits `batchWindowMs` so several parcels' news make one
 * message, renders it in the chat's language, sends it through the platform's channel (which keeps the
 * platform's limits), then clears what was sent (events recorded meanwhile stay pending and follow). A
 * crash after sending and before clearing sends it again on start: at most one repeat per crash, none on
 * Discord, whose nonce drops it. A failed send is retried with back-off; an unreachable chat has its
 * subscriptions deactivated.
 *
 * While the store is away nothing is lost or sent twice: a chat whose flush fails on the store keeps its
 * numbers and waits for the store (`storeReady`), then tries again (with back-off, should the store say
 * it is back and still fail); a notification sent just before the store went away, and so not cleared,
 * is remembered in this process and cleared when the store is back, never sent again.
 */
export function createNotifier(deps: NotifierDeps): Notifier {
  const windowMs = deps.batchWindowMs ?? 5_000;
  const retryMs = deps.retryMs ?? 5_000;
  const maxRetryMs = deps.maxRetryMs ?? 600_000;
  const waiting = new Map<string, Set<string>>();
  const running = new Map<string, Promise<void>>();
  const failures = new Map<string, number>();
  /** Chats whose last flush failed because the store was away: how many times in a row. */
  const storeFailures = new Map<string, number>();
  /** Notifications sent and not yet cleared from the outbox (`<chat>|<number>` → what was sent). */
  const sent = new Map<string, WaitingNotification>();
  const sentKey = (chat: string, number: string) => `${chat}|${number}`;
  let storeAway = false;
  const storeReady = deps.storeReady ?? (async () => undefined);
  const warnedPlatforms = new Set<Platform>();
  const shutdown = new AbortController();
  // Every chat waiting for its window listens for shutdown: thousands at once are expected, not a leak.
  setMaxListeners(0, shutdown.signal);

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
      const again = waiting.get(chat);
      if (again && again.size > 0 && !shutdown.signal.aborted) schedule(chat, nextDelay(chat));
    })();
    running.set(chat, run);
  };

  const nextDelay = (chat: string) => {
    // Away: at once, to wait for the store; back yet failing again: a back-off, not a busy loop.
    const stored = storeFailures.get(chat) ?? 0;
    if (stored > 0) return stored === 1 ? 0 : Math.min(maxRetryMs, retryMs * 2 ** (stored - 2));
    const failed = failures.get(chat) ?? 0;
    return failed === 0 ? windowMs : Math.min(maxRetryMs, retryMs * 2 ** (failed - 1));
  };

  async function flush(chat: string) {
    const numbers = [...(waiting.get(chat) ?? [])];
    waiting.delete(chat);
    try {
      await send(chat, numbers);
    } catch (error) {
      // The store went away midway: what was taken is tried again once it is back.
      if (isStoreUnavailable(error)) addWaiting(chat, numbers);
      throw error;
    }
  }

  async function send(chat: string, numbers: readonly string[]) {
    const waiting = await Promise.all(numbers.map((n) => deps.outbox.waiting(chat, n)));
    for (const [i, number] of numbers.entries()) {
      if (waiting[i]) continue;
      sent.delete(sentKey(chat, number));
      await deps.outbox.clear(chat, number);
    }
    const due: WaitingNotification[] = [];
    for (const notification of waiting) {
      if (!notification) continue;
      const earlier = sent.get(sentKey(chat, notification.item.number));
      // Sent before the store went away, and not cleared then: cleared now, never sent again.
      if (earlier?.id === notification.id) await settle(chat, earlier);
      else due.push(notification);
    }
    const first = due[0];
    if (!first) return;
    const channel = deps.channels.get(first.chat.platform);
    if (!channel) {
      if (!warnedPlatforms.has(first.chat.platform)) {
        warnedPlatforms.add(first.chat.platform);
        deps.logger.warn(
          { platform: first.chat.platform },
          'notifications wait: that front-end is not running',
        );
      }
      return;
    }
    const view = await deps.viewOf(first.chat, first.locale);
    const reply = deps.renderer.notification(
      due.map((n) => n.item),
      view,
    );
    let result: DeliveryResult;
    try {
      result = await channel.deliver(first.chat, reply, dedupeKey(due.map((n) => n.id)));
    } catch (error) {
      failures.set(chat, (failures.get(chat) ?? 0) + 1);
      for (const n of due) addWaiting(chat, [n.item.number]);
      deps.logger.warn(
        { err: error, chat, attempts: failures.get(chat) },
        'notification not delivered, will retry',
      );
      return;
    }
    failures.delete(chat);
    if (result === 'unreachable') {
      const count = await deps.outbox.chatUnreachable(chat);
      deps.logger.info({ chat, subscriptions: count }, 'chat unreachable: its subscriptions are deactivated');
      return;
    }
    for (const n of due) sent.set(sentKey(chat, n.item.number), n);
    for (const n of due) await settle(chat, n);
  }

  /** Clears what was sent; anything recorded while it was being sent waits to be sent next. */
  async function settle(chat: string, delivered: WaitingNotification) {
    const { number } = delivered.item;
    const more = await deps.outbox.settle(chat, delivered);
    sent.delete(sentKey(chat, number));
    if (more) addWaiting(chat, [number]);
    else await deps.outbox.clear(chat, number);
  }

  const addWaiting = (chat: string, numbers: readonly string[]) => {
    const set = waiting.get(chat) ?? new Set<string>();
    for (const n of numbers) set.add(n);
    waiting.set(chat, set);
  };

  return {
    async start() {
      for await (const [chat, number] of deps.outbox.marked()) addWaiting(chat, [number]);
      for (const chat of waiting.keys()) schedule(chat, 0);
    },
    notify(chat, numbers) {
      addWaiting(chat, numbers);
      schedule(chat, nextDelay(chat));
    },
    async idle() {
      for (;;) {
        // A chat with failed deliveries is waiting to retry, or for the store: not something to wait for.
        const busy = [...running]
          .filter(([chat]) => !failures.has(chat) && !storeFailures.has(chat))
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

/** One notification's id, or a name for several sent as one message (≤ 25 characters, stable). */
function dedupeKey(ids: readonly string[]): string {
  if (ids.length === 1 && ids[0]) return ids[0];
  return createHash('sha256')
    .update([...ids].sort().join('|'))
    .digest('base64url')
    .slice(0, 20);
}
