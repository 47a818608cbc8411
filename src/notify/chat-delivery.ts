import { createHash } from 'node:crypto';
import type { KeyedLock } from '../collections/keyed-lock.js';
import type { ChatRef, Platform } from '../domain/chat.js';
import type { Locale } from '../domain/locale.js';
import type { DeliveryResult, NotificationChannel } from '../domain/notification-channel.js';
import type { QuietHours } from '../domain/quiet-hours.js';
import { isStoreUnavailable } from '../domain/store-unavailable.js';
import type { Logger } from '../logger.js';
import type { Renderer } from '../render/renderer.js';
import type { View } from '../render/view.js';
import type { Outbox, WaitingNotification } from './outbox.js';
import { renderNews, sortByQuietHours } from './quiet-hold.js';

export interface ChatDeliveryDeps {
  readonly outbox: Outbox;
  /** One per platform whose front-end is running; other chats' notifications wait in the outbox. */
  readonly channels: ReadonlyMap<Platform, NotificationChannel>;
  readonly renderer: Renderer;
  /** How the chat reads (language, time zone), given the language it was answered in when subscribing. */
  readonly viewOf: (chat: ChatRef, subscribedLocale: Locale | undefined) => Promise<View>;
  readonly logger: Logger;
  /** Puts numbers back to be sent to the chat later: a failed delivery's, or news recorded while sending. */
  readonly requeue: (chat: string, numbers: readonly string[]) => void;
  /** The chat's quiet hours (`/quiet`), read at each delivery. @defaultValue none */
  readonly quietHoursOf?: (chat: ChatRef) => Promise<QuietHours | undefined>;
  /** Numbers the chat's quiet hours hold, to be sent again at `until` (epoch ms); they stay in the outbox. */
  readonly holdUntil: (chat: string, numbers: readonly string[], until: number) => void;
  /**
   * Excludes instances sending one chat's notifications at the same time (the store's lock, across
   * instances on Redis): what one is sending, another that started meanwhile finds sent and cleared,
   * instead of sending it too. @defaultValue none: one process, which sends each chat's in turn
   */
  readonly lock?: KeyedLock;
}

export interface ChatDelivery {
  /**
   * Sends what waits in the outbox for `chat` about `numbers` as one message, then clears it. Rejects
   * only when the outbox does (the store is away); a failed delivery is counted and requeued.
   */
  send(chat: string, numbers: readonly string[]): Promise<void>;
  /** Deliveries to the chat that failed in a row (0 once one succeeds): what retries back off by. */
  failures(chat: string): number;
}

/**
 * One chat's notifications as one message: rendered in the chat's language, sent through the platform's
 * channel (which keeps the platform's limits), then cleared from the outbox. A notification sent just
 * before the store went away, and so not cleared, is remembered in this process and cleared when it
 * comes up again, never sent twice.
 */
export function createChatDelivery(deps: ChatDeliveryDeps): ChatDelivery {
  const failures = new Map<string, number>();
  /** Notifications sent and not yet cleared from the outbox (`<chat>|<number>` → what was sent). */
  const sent = new Map<string, WaitingNotification>();
  const sentKey = (chat: string, number: string) => `${chat}|${number}`;
  const warnedPlatforms = new Set<Platform>();

  /**
   * Under the chat's lock when there is one. A lock another instance holds past its wait (a delivery
   * waiting out a long 429) is a failed delivery: retried later, nothing sent twice.
   */
  async function send(chat: string, numbers: readonly string[]): Promise<void> {
    const { lock } = deps;
    if (!lock) return sendNow(chat, numbers);
    let entered = false;
    try {
      await lock.withLock(`notify:${chat}`, () => {
        entered = true;
        return sendNow(chat, numbers);
      });
    } catch (error) {
      if (entered || isStoreUnavailable(error)) throw error;
      failures.set(chat, (failures.get(chat) ?? 0) + 1);
      deps.requeue(chat, numbers);
      deps.logger.warn({ err: error, chat }, 'another instance is sending to this chat, will retry');
    }
  }

  async function sendNow(chat: string, numbers: readonly string[]) {
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
    // The quiet-hours step: what falls inside them stays in the outbox until they end.
    const quiet = await deps.quietHoursOf?.(first.chat);
    const { send: toSend, held, until, digest } = sortByQuietHours(due, quiet, view.timeZone, view.now);
    if (until !== undefined) deps.holdUntil(chat, numbersOf(held), until);
    if (toSend.length === 0) return;
    const reply = renderNews(deps.renderer, toSend, view, digest);
    let result: DeliveryResult;
    try {
      result = await channel.deliver(first.chat, reply, dedupeKey(toSend.map((n) => n.id)));
    } catch (error) {
      failures.set(chat, (failures.get(chat) ?? 0) + 1);
      deps.requeue(chat, numbersOf(toSend));
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
    for (const n of toSend) sent.set(sentKey(chat, n.item.number), n);
    for (const n of toSend) await settle(chat, n);
  }

  /** Clears what was sent; anything recorded while it was being sent waits to be sent next. */
  async function settle(chat: string, delivered: WaitingNotification) {
    const { number } = delivered.item;
    const more = await deps.outbox.settle(chat, delivered);
    sent.delete(sentKey(chat, number));
    if (more) deps.requeue(chat, [number]);
    else await deps.outbox.clear(chat, number);
  }

  return { send, failures: (chat) => failures.get(chat) ?? 0 };
}

const numbersOf = (notifications: readonly WaitingNotification[]) => notifications.map((n) => n.item.number);

/** One notification's id, or a name for several sent as one message (≤ 25 characters, stable). */
function dedupeKey(ids: readonly string[]): string {
  if (ids.length === 1 && ids[0]) return ids[0];
  return createHash('sha256')
    .update([...ids].sort().join('|'))
    .digest('base64url')
    .slice(0, 20);
}
