import { Fifo } from './fifo.js';

/** At most `limit` messages in any `windowMs` milliseconds. */
export interface SendWindow {
  readonly limit: number;
  readonly windowMs: number;
}

/** What Telegram lets one bot send; every message must fit all the windows that apply to its chat. */
export interface TelegramSendLimits {
  /** All chats together. */
  readonly overall: SendWindow;
  /** Any one chat, private or group. */
  readonly perChat: SendWindow;
  /** A group, supergroup or channel ({@link isGroupChat}), on top of `perChat`. */
  readonly perGroup: SendWindow;
}

/**
 * Telegram's outbound limits, from https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this:
 * "avoid sending more than one message per second" in a chat, "not able to send more than 20 messages
 * per minute" in a group, and "not more than about 30 messages per second" overall (bulk notifications).
 * Going over is answered with 429 and `retry_after`.
 */
export const TELEGRAM_SEND_LIMITS: TelegramSendLimits = {
  overall: { limit: 30, windowMs: 1000 },
  perChat: { limit: 1, windowMs: 1000 },
  perGroup: { limit: 20, windowMs: 60_000 },
};

/** Groups, supergroups and channels have negative ids, users positive (https://core.telegram.org/bots/api#chat). */
export const isGroupChat = (chatId: number): boolean => chatId < 0;

/**
 * One window's bookkeeping. A call holds its slot from the moment it may start until `windowMs` after it
 * ended, so whatever the latency, Telegram never sees more than `limit` arrivals within `windowMs`: every
 * arrival lies between its call's start and end, so arrivals within one window all overlap in time with
 * slots still held. (Counting starts instead lets a slow call and a fast one arrive too close together.)
 */
export class WindowCount {
  private inFlight = 0;
  /** When each ended call's slot frees again (`ended + windowMs`), earliest first. */
  private readonly frees = new Fifo<number>();

  constructor(private readonly window: SendWindow) {}

  /** The earliest time from `now` on when a slot is free; `Infinity` while only a call's end can free one. */
  freeAt(now: number): number {
    this.forget(now);
    const held = this.inFlight + this.frees.size;
    if (held < this.window.limit) return now;
    if (this.inFlight >= this.window.limit) return Number.POSITIVE_INFINITY;
    // `held - limit + 1` ended slots must free; they free in the order they ended.
    return this.frees.at(held - this.window.limit) ?? now;
  }

  /** A call starts (possibly over the limit: interactive replies do not wait). */
  start(): void {
    this.inFlight += 1;
  }

  /** A call started earlier has been answered or failed. */
  end(now: number): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.frees.push(now + this.window.windowMs);
  }

  /** Nothing in flight and every slot free: the count can be forgotten. */
  idle(now: number): boolean {
    this.forget(now);
    return this.inFlight === 0 && this.frees.size === 0;
  }

  private forget(now: number): void {
    while (this.frees.size > 0 && (this.frees.at(0) as number) <= now) this.frees.shift();
  }
}
