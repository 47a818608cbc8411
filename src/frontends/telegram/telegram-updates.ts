import type { AdminCheck, IncomingAction, IncomingMessage } from '../../core/incoming.js';
import { decodeAction } from '../../render/action-codec.js';
import type { ShowTyping } from './chat-action.js';
import type { ChatAdmins } from './chat-admins.js';
import { deepLinkOf } from './deep-link.js';
import { type InlineQueryWork, translateInlineQuery } from './inline-queries.js';
import type { ReplyTarget } from './sender.js';
import { channelRefOf, chatRefOf, userRefOf } from './telegram-refs.js';
import {
  type TelegramCallbackQuery,
  type TelegramEntity,
  type TelegramMessage,
  UpdateSchema,
} from './update-schema.js';

/**
 * Telegram update → what the core understands (pure). Only messages, channel posts, button presses and
 * inline queries are asked for (`ALLOWED_UPDATES`); edits, service messages and messages from bots are ignored.
 */

/** https://core.telegram.org/bots/api#getupdates `allowed_updates`. */
export const ALLOWED_UPDATES = ['message', 'channel_post', 'callback_query', 'inline_query'] as const;

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
    }
  | InlineQueryWork;

/**
 * The work an update asks for; `undefined` when it asks for none (another kind of update, a channel
 * post, a bot's message), `'unreadable'` when the parts Postie reads are not as the Bot API documents
 * them (`UpdateSchema`). In groups, the work carries how to ask whether the person administers the
 * group (`admins`; without it nobody does).
 */
export function translateUpdate(
  update: unknown,
  bot: BotIdentity,
  admins?: ChatAdmins,
  typing?: ShowTyping,
): TelegramWork | 'unreadable' | undefined {
  const parsed = UpdateSchema.safeParse(update);
  if (!parsed.success) return 'unreadable';
  const tools = { bot, ...(admins ? { admins } : {}), ...(typing ? { typing } : {}) };
  if (parsed.data.message) return translateMessage(parsed.data.message, tools);
  if (parsed.data.channel_post) return translateChannelPost(parsed.data.channel_post, tools);
  if (parsed.data.callback_query) return translateQuery(parsed.data.callback_query, tools);
  if (parsed.data.inline_query) return translateInlineQuery(parsed.data.inline_query, bot);
  return undefined;
}

/** What translating an update may attach to the work: who the bot is, and how to ask or show things. */
interface Tools {
  readonly bot: BotIdentity;
  readonly admins?: ChatAdmins;
  readonly typing?: ShowTyping;
}

/**
 * Whether `userId` administers the group `chatId`, asked only when the core needs to know. In a private
 * chat the core never asks (the person owns it).
 */
const adminCheck = (admins: ChatAdmins | undefined, chatId: number, userId: number): AdminCheck =>
  admins ? () => admins(chatId, userId) : async () => false;

/**
 * An anonymous administrator's message: posted as the group itself (`sender_chat` is the chat, `from`
 * the GroupAnonymousBot; https://core.telegram.org/bots/api#message), which only administrators can do.
 */
const postedAsGroup = (message: TelegramMessage): boolean => message.sender_chat?.id === message.chat.id;

/**
 * The sender's standing in a group: an anonymous administrator is one without asking; someone posting
 * as a channel (`sender_chat` another chat) is none; anyone else is asked about.
 */
function senderIsAdmin(message: TelegramMessage, userId: number, admins?: ChatAdmins): AdminCheck {
  if (message.sender_chat === undefined) return adminCheck(admins, message.chat.id, userId);
  const asGroup = postedAsGroup(message);
  return async () => asGroup;
}

/**
 * A command (`/track@PostieBot RB…`; one addressed to another bot is ignored), or text that may carry
 * tracking numbers. `addressedToBot`: a mention of the bot or a reply to one of its messages. With
 * Telegram's privacy mode on, a group only shows the bot those and commands anyway
 * (https://core.telegram.org/bots/features#privacy-mode); with it off, the core ignores the rest.
 */
function translateMessage(
  message: TelegramMessage,
  { bot, admins, typing }: Tools,
): TelegramWork | undefined {
  const chat = chatRefOf(message.chat);
  const from = message.from;
  const text = message.text ?? message.caption;
  // Bots are not answered, except the one an anonymous administrator of the group posts through.
  if (!chat || !from || (from.is_bot && !postedAsGroup(message)) || text === undefined || text.trim() === '')
    return undefined;
  const entities = message.entities ?? message.caption_entities ?? [];
  const command = parseCommand(text, bot.username);
  if (command === 'other_bot') return undefined;
  const threadId = message.is_topic_message ? message.message_thread_id : undefined;
  const target: ReplyTarget = {
    chatId: message.chat.id,
    ...(threadId !== undefined ? { threadId } : {}),
    // In a group the answer quotes the question, so several conversations stay apart.
    ...(chat.kind === 'group' ? { replyTo: message.message_id } : {}),
  };
  const incoming: IncomingMessage = {
    chat,
    user: userRefOf(from),
    text,
    addressedToBot: mentions(text, entities, bot) || repliesToBot(message, bot),
    ...(command ? { command } : {}),
    ...(chat.kind === 'group' ? { isAdmin: senderIsAdmin(message, from.id, admins) } : {}),
    ...(typing ? { typing: () => typing(target) } : {}),
  };
  return { kind: 'message', message: incoming, target };
}

/**
 * A post in a channel whose administrators added the bot: only they can post there, so the poster may
 * act for the channel (`/subscribe` follows parcels for it, and its notifications are posted there).
 * Channel posts have no `from` (https://core.telegram.org/bots/api#message: `sender_chat` is the
 * channel), so the channel stands for the person too (its fair share of lookups is the channel's).
 * As in groups, Postie answers only commands and mentions, replying to the post.
 */
function translateChannelPost(post: TelegramMessage, { bot, typing }: Tools): TelegramWork | undefined {
  const text = post.text ?? post.caption;
  if (post.chat.type !== 'channel' || text === undefined || text.trim() === '') return undefined;
  const command = parseCommand(text, bot.username);
  if (command === 'other_bot') return undefined;
  const target: ReplyTarget = { chatId: post.chat.id, replyTo: post.message_id };
  const entities = post.entities ?? post.caption_entities ?? [];
  const message: IncomingMessage = {
    chat: channelRefOf(post.chat),
    user: { id: String(post.chat.id) },
    text,
    addressedToBot: mentions(text, entities, bot),
    ...(command ? { command } : {}),
    isAdmin: async () => true,
    ...(typing ? { typing: () => typing(target) } : {}),
  };
  return { kind: 'message', message, target };
}

/** A button press; `from` is the person who pressed it, anonymous administrators included. */
function translateQuery(query: TelegramCallbackQuery, { bot, admins, typing }: Tools): TelegramWork {
  const data = query.data === undefined ? undefined : decodeAction(query.data);
  const message = query.message;
  const inChannel = message?.chat.type === 'channel';
  const chat = message ? (inChannel ? channelRefOf(message.chat) : chatRefOf(message.chat)) : undefined;
  if (!data || !message || !chat) return { kind: 'action', queryId: query.id };
  const threadId = message.is_topic_message ? message.message_thread_id : undefined;
  const target: ReplyTarget = { chatId: message.chat.id, ...(threadId !== undefined ? { threadId } : {}) };
  return {
    kind: 'action',
    queryId: query.id,
    action: {
      chat,
      user: userRefOf(query.from),
      action: data,
      deepLink: deepLinkOf(bot.username),
      ...(chat.kind === 'group' ? { isAdmin: adminCheck(admins, message.chat.id, query.from.id) } : {}),
      // A channel's readers see its buttons but did not write there: only its administrators press them.
      ...(inChannel ? { adminsOnly: true } : {}),
      ...(typing ? { typing: () => typing(target) } : {}),
    },
    target,
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

function mentions(text: string, entities: readonly TelegramEntity[], bot: BotIdentity): boolean {
  const handle = `@${bot.username}`.toLowerCase();
  return entities.some(
    (e) =>
      (e.type === 'mention' && text.slice(e.offset, e.offset + e.length).toLowerCase() === handle) ||
      (e.type === 'text_mention' && e.user?.id === bot.id),
  );
}

/** A reply to the bot's message; in forum topics every message "replies" to the topic's opening, which does not count. */
function repliesToBot(message: TelegramMessage, bot: BotIdentity): boolean {
  const replied = message.reply_to_message;
  return replied !== undefined && !('forum_topic_created' in replied) && replied.from?.id === bot.id;
}
