import type { ChatRef } from '../domain/chat.js';
import type { Locale } from '../domain/locale.js';
import type { NotificationItem } from '../render/renderer.js';

/** A notification recorded for a chat about one parcel, and not yet sent. */
export interface WaitingNotification {
  /** Its stable name: the same when it is sent again after a crash (≤ 25 characters, Discord's nonce). */
  readonly id: string;
  readonly chat: ChatRef;
  /** The language the chat was answered in when it subscribed. */
  readonly locale: Locale | undefined;
  /** When it was first recorded (epoch ms): later news joins it until it is sent. */
  readonly since: number;
  readonly item: NotificationItem;
}

/**
 * Where the notifier finds what to send: the durable outbox, written before anything is sent (the
 * subscriptions keep it: `subscriptions/news/subscription-outbox.ts`). A chat and number are *marked*
 * when a notification may wait behind them; the notifier clears the mark once nothing does.
 */
export interface Outbox {
  /** Every marked chat and number, as `[chat key, number]`: what a restart finds to send. */
  marked(): AsyncIterable<readonly [string, string]>;
  /** Every number a notification of the chat may wait behind (a quiet-hours digest gathers them all). */
  numbersOf(chat: string): Promise<readonly string[]>;
  /** The chat's notification about `number`, if one waits. */
  waiting(chat: string, number: string): Promise<WaitingNotification | undefined>;
  /**
   * Clears `delivered` once it is sent. Resolves `true` when more was recorded while it was being sent:
   * that waits under a new id, to be sent next.
   */
  settle(chat: string, delivered: WaitingNotification): Promise<boolean>;
  /** Takes the mark off a chat and number that no notification waits behind. */
  clear(chat: string, number: string): Promise<void>;
  /**
   * The chat can no longer be written to (blocked the bot, left, deleted): it stops following, and what
   * waited for it is dropped. Resolves with how many parcels it followed.
   */
  chatUnreachable(chat: string): Promise<number>;
}
