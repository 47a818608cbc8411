import type { ChatRef, Platform } from './chat.js';
import type { Reply } from './reply.js';

/** How a delivery ended: sent, or the chat can no longer be written to (blocked the bot, left, deleted). */
export type DeliveryResult = 'sent' | 'unreachable';

/**
 * How the notifier writes to chats on one platform. Each front-end that can send unprompted messages
 * offers one. `deliver` keeps the platform's limits itself (it waits, never drops), and rejects only for a
 * failure worth retrying later; `unreachable` tells the notifier to stop following for that chat.
 */
export interface NotificationChannel {
  readonly platform: Platform;
  /**
   * Sends `reply` to `chat` as new messages. `dedupeKey` names this notification and is the same when it
   * is sent again after a crash (at most 25 characters of `[A-Za-z0-9._-]`: Discord uses it as the
   * message `nonce` with `enforce_nonce`, so a repeat is dropped there).
   */
  deliver(chat: ChatRef, reply: Reply, dedupeKey: string): Promise<DeliveryResult>;
}
