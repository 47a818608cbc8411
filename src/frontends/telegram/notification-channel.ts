import type { NotificationChannel } from '../../domain/notification-channel.js';
import type { Sender } from './sender.js';

export interface TelegramNotificationDeps {
  /** The front-end's sender, built with a limiter (`SenderDeps.limiter`) so notifications are paced. */
  readonly sender: Sender;
}

/**
 * Notifications for Telegram chats (`ChatRef.id` is the numeric chat id as text). Each one waits for its
 * turn within Telegram's send limits (TELEGRAM_SEND_LIMITS; a 429 that still comes is waited out and the
 * message sent again), shares the chat's order with interactive replies, and resolves `unreachable` once
 * the chat blocked or removed the bot. Any other failure rejects with a `TelegramCallError`, and so does
 * a shutdown while waiting. Telegram has no idempotency key, so `dedupeKey` is not sent: a notification
 * repeated after a crash arrives twice.
 */
export function createTelegramNotificationChannel(deps: TelegramNotificationDeps): NotificationChannel {
  return {
    platform: 'telegram',
    deliver(chat, reply) {
      const chatId = Number(chat.id);
      if (chat.platform !== 'telegram' || !Number.isSafeInteger(chatId) || chatId === 0)
        return Promise.reject(new Error(`not a Telegram chat: ${chat.platform}:${chat.id}`));
      return deps.sender.send({ chatId }, reply, { paced: true });
    },
  };
}
