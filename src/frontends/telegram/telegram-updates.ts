import type { CallbackQuery, Chat, Message, MessageEntity, Update, User } from 'telegraf/types';
import { decodeAction } from '../../core/actions.js';
import type { ChatRef, IncomingAction, IncomingMessage, UserRef } from '../../core/incoming.js';
import type { ReplyTarget } from './sender.js';

/**
 * Telegram update → what the core understands (pure). Only `message` and `callback_query` updates are
 * asked for (`ALLOWED_UPDATES`); channels, edits, service messages and messages from bots are ignored.
 */

/** https://core.telegram.org/bots/api#getupdates `allowed_updates`. */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/** Who the bot is (from getMe): commands and mentions are matched against it. */
export interface BotIdentity {
  readonly id: number;
  readonly username: string;
}

export type TelegramWork =
  | { readonly kind: 'message'; readonly message: IncomingMessage; readonly target: ReplyTarget }
  | {
      readonly kind: 'action';
      readonly queryId: string;
      /** Absent when the button's data is not an action Postie knows (old format, forged) or the chat is unknown. */
      readonly action?: IncomingAction;
      readonly target?: ReplyTarget;
      /** The message the pressed button belongs to (for `{ replace: true }`). */
      readonly pressedMessageId?: number;
    };

export function translateUpdate(update: Update, bot: BotIdentity): TelegramWork | undefined {
  if ('message' in update) return translateMessage(update.message, bot);
  if ('callback_query' in update) return translateQuery(update.callback_query);
  return undefined;
}

/**
 * A command (`/track@PostieBot RB…`; one addressed to another bot is ignored), or text that may carry
 * tracking numbers. `addressedToBot`: a mention of the bot or a reply to one of its messages. With
 * Telegram's privacy mode on, a group only shows the bot those and commands anyway
 * (https://core.telegram.org/bots/features#privacy-mode); with it off, the core ignores the rest.
 */
function translateMessage(message: Message, bot: BotIdentity): TelegramWork | undefined {
  const chat = chatRefOf(message.chat);
  const from = 'from' in message ? message.from : undefined;
  const text = 'text' in message ? message.text : 'caption' in message ? message.caption : undefined;
  if (!chat || !from || from.is_bot || text === undefined || text.trim() === '') return undefined;
  const entities =
    ('entities' in message ? message.entities : undefined) ??
    ('caption_entities' in message ? message.caption_entities : undefined) ??
    [];
  const command = parseCommand(text, bot.username);
  if (command === 'other_bot') return undefined;
  const incoming: IncomingMessage = {
    chat,
    user: userRefOf(from),
    text,
    addressedToBot: mentions(text, entities, bot) || repliesToBot(message, bot),
    ...(command ? { command } : {}),
  };
  const threadId =
    'is_topic_message' in message && message.is_topic_message ? message.message_thread_id : undefined;
  const target: ReplyTarget = {
    chatId: message.chat.id,
    ...(threadId !== undefined ? { threadId } : {}),
    // In a group the answer quotes the question, so several conversations stay apart.
    ...(chat.kind === 'group' ? { replyTo: message.message_id } : {}),
  };
  return { kind: 'message', message: incoming, target };
}

function translateQuery(query: CallbackQuery): TelegramWork {
  const data = 'data' in query ? decodeAction(query.data) : undefined;
  const message = query.message;
  const chat = message ? chatRefOf(message.chat) : undefined;
  if (!data || !message || !chat) return { kind: 'action', queryId: query.id };
  const threadId =
    'is_topic_message' in message && message.is_topic_message ? message.message_thread_id : undefined;
  return {
    kind: 'action',
    queryId: query.id,
    action: { chat, user: userRefOf(query.from), action: data },
    target: { chatId: message.chat.id, ...(threadId !== undefined ? { threadId } : {}) },
    pressedMessageId: message.message_id,
  };
}

/**
 * `/name[@bot] args` as Telegram writes commands: up to 32 Latin letters, digits and underscores
 * (https://core.telegram.org/bots/features#commands). `undefined` when the text is no command.
 */
export function parseCommand(
  text: string,
  botUsername: string,
): { readonly name: string; readonly args: string } | 'other_bot' | undefined {
  const match = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{1,64}))?(?=\s|$)/.exec(text);
  if (!match) return undefined;
  const [whole, name = '', addressee] = match;
  if (addressee !== undefined && addressee.toLowerCase() !== botUsername.toLowerCase()) return 'other_bot';
  return { name: name.toLowerCase(), args: text.slice(whole.length).trim() };
}

function mentions(text: string, entities: readonly MessageEntity[], bot: BotIdentity): boolean {
  const handle = `@${bot.username}`.toLowerCase();
  return entities.some(
    (e) =>
      (e.type === 'mention' && text.slice(e.offset, e.offset + e.length).toLowerCase() === handle) ||
      (e.type === 'text_mention' && e.user.id === bot.id),
  );
}

/** A reply to the bot's message; in forum topics every message "replies" to the topic's opening, which does not count. */
function repliesToBot(message: Message, bot: BotIdentity): boolean {
  const replied = 'reply_to_message' in message ? message.reply_to_message : undefined;
  return replied !== undefined && !('forum_topic_created' in replied) && replied.from?.id === bot.id;
}

function chatRefOf(chat: Chat): ChatRef | undefined {
  if (chat.type === 'channel') return undefined;
  return { platform: 'telegram', id: String(chat.id), kind: chat.type === 'private' ? 'private' : 'group' };
}

const userRefOf = (user: User): UserRef => ({
  id: String(user.id),
  ...(user.language_code ? { languageCode: user.language_code } : {}),
});
