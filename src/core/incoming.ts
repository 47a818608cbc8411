import type { Action } from '../domain/action.js';
import type { ChatRef, UserRef } from '../domain/chat.js';

/**
 * Whether the person is one of the group's administrators, as the platform knows it (Telegram:
 * getChatMember; Discord: the member's permissions in the channel). Rejects when the platform could
 * not tell; the person is then told so and nothing is done. The core asks only in groups, and only
 * before what cannot be undone (`DESTRUCTIVE` in `domain/action.ts`): in a private chat the person owns the
 * chat, and in a group without a check nobody counts as an administrator.
 */
export type AdminCheck = () => Promise<boolean>;

/**
 * The link that opens a chat with the bot and sends it `/start <parameter>` (Telegram:
 * `https://t.me/<bot>?start=<parameter>`, https://core.telegram.org/bots/features#deep-linking).
 */
export type DeepLink = (parameter: string) => string;

/**
 * Shows the chat, for a few seconds, that the bot is at work on an answer (Telegram: "typing…" by
 * sendChatAction). Never rejects.
 */
export type Typing = () => Promise<void>;

/** A message for the bot, translated by a front-end (DESIGN.md: front-ends are thin translators). */
export interface IncomingMessage {
  readonly chat: ChatRef;
  readonly user: UserRef;
  /** The whole text as sent (for a command, everything after the command name too). */
  readonly text: string;
  /** Set when the message is a command: its name without `/` or `@bot`, and the text after it. */
  readonly command?: { readonly name: string; readonly args: string };
  /** The bot was mentioned, or the message replies to one of the bot's (groups answer only these and commands). */
  readonly addressedToBot: boolean;
  /** In groups, whether the sender administers it; see {@link AdminCheck}. */
  readonly isAdmin?: AdminCheck;
  /** Where the platform can show that the bot is at work; see {@link Typing}. */
  readonly typing?: Typing;
  /** Where the platform has deep links into the bot; see {@link DeepLink}. */
  readonly deepLink?: DeepLink;
}

/**
 * Someone typing `@bot <text>` in any chat (Telegram inline mode). `chat` is the asker's own chat with
 * the bot (its settings are theirs; their fair share is counted there), whether or not they ever wrote in it.
 */
export interface IncomingInlineQuery {
  readonly chat: ChatRef;
  readonly user: UserRef;
  readonly text: string;
}

/** A button press. */
export interface IncomingAction {
  readonly chat: ChatRef;
  readonly user: UserRef;
  readonly action: Action;
  /** In groups, whether the person pressing administers it now; see {@link AdminCheck}. */
  readonly isAdmin?: AdminCheck;
  /** Where the platform has deep links into the bot; see {@link DeepLink}. */
  readonly deepLink?: DeepLink;
  /** Where the platform can show that the bot is at work; see {@link Typing}. */
  readonly typing?: Typing;
  /**
   * Only the chat's administrators may press its buttons (a Telegram channel: its readers see the
   * buttons but do not write there). Anyone else's press is ignored, without an answer in the chat.
   */
  readonly adminsOnly?: boolean;
}
