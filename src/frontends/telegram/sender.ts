import type { InlineKeyboardMarkup, Opts } from 'telegraf/types';
import type { DeliveryResult } from '../../domain/notification-channel.js';
import type { Reply } from '../../domain/reply.js';
import type { Logger } from '../../logger.js';
import type { Clock } from '../../time/clock.js';
import { createChatQueue } from './chat-queue.js';
import { toTelegramMessage } from './markup.js';
import type { SendLimiter, SendSlot } from './send-limiter.js';
import { classifyFailure, TelegramCallError } from './telegram-errors.js';

/** The two Bot API calls the sender makes (telegraf's `callApi`, or a stub in tests). */
export interface SendCalls {
  sendMessage(payload: Opts<'sendMessage'>): Promise<unknown>;
  editMessageText(payload: Opts<'editMessageText'>): Promise<unknown>;
}

/** Where an answer goes: the chat, the forum topic it came from, and (in groups) the message it answers. */
export interface ReplyTarget {
  readonly chatId: number;
  readonly threadId?: number;
  readonly replyTo?: number;
}

export interface SenderDeps {
  readonly calls: SendCalls;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Aborted on shutdown: waits for a 429 end at once and that message is dropped. */
  readonly signal: AbortSignal;
  /** Telegram answered 429 (counted by the metrics). */
  readonly onRateLimited?: () => void;
  /** Tries per message when Telegram keeps answering 429. @defaultValue 5 */
  readonly maxAttempts?: number;
  /**
   * Telegram's send limits: every call is counted; paced sends wait for their slot. Without it, every
   * call goes out at once.
   */
  readonly limiter?: SendLimiter;
}

interface SendOptions {
  /**
   * Wait for the limiter before each call (notifications), instead of going out at once and only being
   * counted (replies to someone who is waiting for them). @defaultValue false
   */
  readonly paced?: boolean;
}

export interface Sender {
  /**
   * Sends `reply` as new messages (several when it is long), after the chat's earlier replies. Resolves
   * `unreachable` when the chat blocked or removed the bot (now, or earlier and has not written since).
   */
  send(target: ReplyTarget, reply: Reply, options?: SendOptions): Promise<DeliveryResult>;
  /** Puts `reply` in place of message `messageId` (its overflow in new messages); sends anew if it is gone. */
  edit(target: ReplyTarget, messageId: number, reply: Reply): Promise<void>;
  /** The chat wrote to the bot, so it can be written to again (after a block was lifted). */
  markReachable(chatId: number): void;
  /** Resolves when every queued send has finished. */
  idle(): Promise<void>;
}

/**
 * Delivery of replies: one chat's messages in order; a 429 is waited out (`retry_after`) and the message
 * sent again, since telegraf does not retry on its own (CARRIERS.md, "Telegram and Discord limits"); a
 * chat that blocked or removed the bot is logged at info once and skipped until it writes again; any
 * other failure rejects with a {@link TelegramCallError} (no payload in it). With a limiter, a paced send
 * waits for its first slot before joining the chat's queue, so a notification waiting its turn never
 * holds up the answers to someone typing in that chat.
 */
export function createSender(deps: SenderDeps): Sender {
  const queue = createChatQueue();
  const unreachable = new Set<number>();
  const maxAttempts = deps.maxAttempts ?? 5;
  // https://core.telegram.org/bots/api#linkpreviewoptions: timelines link to carrier pages, never preview them.
  const common = { parse_mode: 'HTML', link_preview_options: { is_disabled: true } } as const;

  /**
   * The slots for one reply's calls: a paced reply's first slot was taken before it queued, its later
   * calls (more parts, retries) are urgent; an unpaced reply's calls are only counted.
   */
  function slotsFor(chatId: number, paced: boolean, first: SendSlot | undefined) {
    let spare = first;
    return {
      next: async (): Promise<SendSlot | undefined> => {
        const slot = spare;
        spare = undefined;
        if (slot || !deps.limiter) return slot;
        return paced ? deps.limiter.take(chatId, { urgent: true }) : deps.limiter.note(chatId);
      },
      /** Gives back a first slot that no call used (the chat was unreachable, or nothing to send). */
      done: () => spare?.release(),
    };
  }
  type Slots = ReturnType<typeof slotsFor>;

  /**
   * Runs one call, waiting out 429s and following a group's move to a supergroup. Resolves how it went;
   * rejects with a {@link TelegramCallError} for anything else.
   */
  async function attempt(
    method: string,
    chatId: number,
    slots: Slots,
    call: (chatId: number) => Promise<unknown>,
  ) {
    let target = chatId;
    for (let tries = 1; ; tries++) {
      const slot = await slots.next();
      try {
        await call(target);
        return 'done';
      } catch (error) {
        const failure = classifyFailure(error);
        switch (failure.kind) {
          case 'unreachable':
            unreachable.add(chatId);
            deps.logger.info(
              { chat: chatId, reason: failure.reason },
              'Telegram chat unreachable, not sending',
            );
            return failure.kind;
          case 'not_modified':
          case 'not_editable':
            return failure.kind;
          case 'migrated':
            target = failure.chatId;
            if (tries < maxAttempts) continue;
            break;
          case 'rate_limited':
            deps.onRateLimited?.();
            if (tries >= maxAttempts || deps.signal.aborted) break;
            deps.logger.warn(
              { chat: chatId, method, retryAfterMs: failure.retryAfterMs },
              'Telegram 429, waiting',
            );
            slot?.release();
            await deps.clock.sleep(failure.retryAfterMs, deps.signal).catch(() => undefined);
            if (!deps.signal.aborted) continue;
            break;
          case 'other':
            break;
        }
        throw new TelegramCallError(method, error);
      } finally {
        slot?.release();
      }
    }
  }

  const sendChunk = (to: ReplyTarget, slots: Slots, text: string, keyboard?: InlineKeyboardMarkup) =>
    attempt('sendMessage', to.chatId, slots, (chat_id) =>
      deps.calls.sendMessage({
        chat_id,
        text,
        ...common,
        ...(to.threadId !== undefined ? { message_thread_id: to.threadId } : {}),
        ...(to.replyTo !== undefined
          ? { reply_parameters: { message_id: to.replyTo, allow_sending_without_reply: true } }
          : {}),
        ...(keyboard ? { reply_markup: keyboard } : {}),
      }),
    );

  async function sendChunks(
    to: ReplyTarget,
    slots: Slots,
    chunks: readonly string[],
    keyboard?: InlineKeyboardMarkup,
  ): Promise<DeliveryResult> {
    for (const [i, chunk] of chunks.entries()) {
      const last = i === chunks.length - 1;
      if ((await sendChunk(to, slots, chunk, last ? keyboard : undefined)) === 'unreachable')
        return 'unreachable';
    }
    return 'sent';
  }

  /**
   * The first chunk replaces the pressed message; a longer reply's overflow follows as new messages.
   * Unchanged (Refresh with no news): nothing is sent. Gone or too old to edit: the whole reply is sent.
   */
  async function editInPlace(to: ReplyTarget, messageId: number, reply: Reply) {
    const { chunks, keyboard } = toTelegramMessage(reply);
    const [first, ...rest] = chunks;
    if (first === undefined) return;
    const slots = slotsFor(to.chatId, false, undefined);
    const outcome = await attempt('editMessageText', to.chatId, slots, (chat_id) =>
      deps.calls.editMessageText({
        chat_id,
        message_id: messageId,
        text: first,
        ...common,
        ...(rest.length === 0 && keyboard ? { reply_markup: keyboard } : {}),
      }),
    );
    if (outcome === 'done') await sendChunks(to, slots, rest, keyboard);
    if (outcome === 'not_editable') await sendChunks(to, slots, chunks, keyboard);
  }

  /** Runs `work` in the chat's queue, unless the chat is known to be unreachable. */
  const deliver = (to: ReplyTarget, work: () => Promise<DeliveryResult>): Promise<DeliveryResult> =>
    queue.run(String(to.chatId), async () => {
      if (unreachable.has(to.chatId)) {
        deps.logger.debug({ chat: to.chatId }, 'skipping a reply to an unreachable Telegram chat');
        return 'unreachable';
      }
      return work();
    });

  async function send(to: ReplyTarget, reply: Reply, options?: SendOptions): Promise<DeliveryResult> {
    const paced = options?.paced === true;
    if (paced && unreachable.has(to.chatId)) return 'unreachable';
    const first = paced ? await deps.limiter?.take(to.chatId) : undefined;
    const slots = slotsFor(to.chatId, paced, first);
    try {
      return await deliver(to, async () => {
        const { chunks, keyboard } = toTelegramMessage(reply);
        if (chunks.length === 0) deps.logger.debug({ chat: to.chatId }, 'a reply without text, nothing sent');
        return sendChunks(to, slots, chunks, keyboard);
      });
    } finally {
      slots.done();
    }
  }

  return {
    send,
    edit: async (to, messageId, reply) => {
      await deliver(to, async () => {
        await editInPlace(to, messageId, reply);
        return 'sent';
      });
    },
    markReachable: (chatId) => void unreachable.delete(chatId),
    idle: () => queue.idle(),
  };
}
