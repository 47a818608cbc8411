import type { InlineKeyboardMarkup, Opts } from 'telegraf/types';
import type { Reply } from '../../core/reply.js';
import type { Logger } from '../../logger.js';
import type { Clock } from '../../time/clock.js';
import { createChatQueue } from './chat-queue.js';
import { toTelegramMessage } from './markup.js';
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
  /** Tries per message when Telegram keeps answering 429. @defaultValue 5 */
  readonly maxAttempts?: number;
}

export interface Sender {
  /** Sends `reply` as new messages (several when it is long), after the chat's earlier replies. */
  send(target: ReplyTarget, reply: Reply): Promise<void>;
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
 * other failure rejects with a {@link TelegramCallError} (no payload in it).
 */
export function createSender(deps: SenderDeps): Sender {
  const queue = createChatQueue();
  const unreachable = new Set<number>();
  const maxAttempts = deps.maxAttempts ?? 5;
  // https://core.telegram.org/bots/api#linkpreviewoptions: timelines link to carrier pages, never preview them.
  const common = { parse_mode: 'HTML', link_preview_options: { is_disabled: true } } as const;

  /**
   * Runs one call, waiting out 429s and following a group's move to a supergroup. Resolves how it went;
   * rejects with a {@link TelegramCallError} for anything else.
   */
  async function attempt(method: string, chatId: number, call: (chatId: number) => Promise<unknown>) {
    let target = chatId;
    for (let tries = 1; ; tries++) {
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
            if (tries >= maxAttempts || deps.signal.aborted) break;
            deps.logger.warn(
              { chat: chatId, method, retryAfterMs: failure.retryAfterMs },
              'Telegram 429, waiting',
            );
            await deps.clock.sleep(failure.retryAfterMs, deps.signal).catch(() => undefined);
            if (!deps.signal.aborted) continue;
            break;
          case 'other':
            break;
        }
        throw new TelegramCallError(method, error);
      }
    }
  }

  const sendChunk = (to: ReplyTarget, text: string, keyboard?: InlineKeyboardMarkup) =>
    attempt('sendMessage', to.chatId, (chat_id) =>
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

  async function sendChunks(to: ReplyTarget, chunks: readonly string[], keyboard?: InlineKeyboardMarkup) {
    for (const [i, chunk] of chunks.entries()) {
      const last = i === chunks.length - 1;
      if ((await sendChunk(to, chunk, last ? keyboard : undefined)) === 'unreachable') return;
    }
  }

  /**
   * The first chunk replaces the pressed message; a longer reply's overflow follows as new messages.
   * Unchanged (Refresh with no news): nothing is sent. Gone or too old to edit: the whole reply is sent.
   */
  async function editInPlace(to: ReplyTarget, messageId: number, reply: Reply) {
    const { chunks, keyboard } = toTelegramMessage(reply);
    const [first, ...rest] = chunks;
    if (first === undefined) return;
    const outcome = await attempt('editMessageText', to.chatId, (chat_id) =>
      deps.calls.editMessageText({
        chat_id,
        message_id: messageId,
        text: first,
        ...common,
        ...(rest.length === 0 && keyboard ? { reply_markup: keyboard } : {}),
      }),
    );
    if (outcome === 'done') await sendChunks(to, rest, keyboard);
    if (outcome === 'not_editable') await sendChunks(to, chunks, keyboard);
  }

  const deliver = (to: ReplyTarget, work: () => Promise<void>): Promise<void> =>
    queue.run(String(to.chatId), async () => {
      if (unreachable.has(to.chatId)) {
        deps.logger.debug({ chat: to.chatId }, 'skipping a reply to an unreachable Telegram chat');
        return;
      }
      await work();
    });

  return {
    send: (to, reply) =>
      deliver(to, async () => {
        const { chunks, keyboard } = toTelegramMessage(reply);
        if (chunks.length === 0) deps.logger.debug({ chat: to.chatId }, 'a reply without text, nothing sent');
        await sendChunks(to, chunks, keyboard);
      }),
    edit: (to, messageId, reply) => deliver(to, () => editInPlace(to, messageId, reply)),
    markReachable: (chatId) => void unreachable.delete(chatId),
    idle: () => queue.idle(),
  };
}
