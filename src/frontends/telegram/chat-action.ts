import type { Logger } from '../../logger.js';
import type { CallApi } from './bot-api.js';
import type { ReplyTarget } from './sender.js';
import { loggableError } from './telegram-errors.js';

/** Shows "typing…" in a chat (and forum topic) for a moment; never rejects. */
export type ShowTyping = (target: ReplyTarget) => Promise<void>;

/**
 * sendChatAction `typing` (https://core.telegram.org/bots/api#sendchataction): "The status is set for 5
 * seconds or less (when a message arrives from your bot, Telegram clients clear its typing status)", so
 * the core repeats it while a lookup lasts (`core/slow-answers.ts`). Only a courtesy: a failure is
 * logged at debug and otherwise ignored, and it never waits for the send limits.
 */
export function createShowTyping(deps: { readonly callApi: CallApi; readonly logger: Logger }): ShowTyping {
  return (target) =>
    deps
      .callApi('sendChatAction', {
        chat_id: target.chatId,
        action: 'typing',
        ...(target.threadId !== undefined ? { message_thread_id: target.threadId } : {}),
      })
      .then(
        () => undefined,
        (error: unknown) => deps.logger.debug({ error: loggableError(error) }, 'typing… not shown'),
      );
}
