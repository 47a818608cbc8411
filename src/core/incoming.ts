import type { Action } from './actions.js';

export type Platform = 'telegram' | 'discord' | 'console';

/** A conversation: a private chat or DM, or a group / server channel. */
export interface ChatRef {
  readonly platform: Platform;
  readonly id: string;
  readonly kind: 'private' | 'group';
}

export interface UserRef {
  readonly id: string;
  /** The language the platform reports for the user (`en`, `zh-hk`, `zh-hans`, `zh-TW`, …). */
  readonly languageCode?: string;
}

/**
 * Whether the person is one of the group's administrators, as the platform knows it (Telegram:
 * getChatMember; Discord: the member's permissions in the channel). Rejects when the platform could
 * not tell; the person is then told so and nothing is done. The core asks only in groups, and only
 * before what cannot be undone (`DESTRUCTIVE` in `actions.ts`): in a private chat the person owns the
 * chat, and in a group without a check nobody counts as an administrator.
 */
export type AdminCheck = () => Promise<boolean>;

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
}

/** A button press. */
export interface IncomingAction {
  readonly chat: ChatRef;
  readonly user: UserRef;
  readonly action: Action;
  /** In groups, whether the person pressing administers it now; see {@link AdminCheck}. */
  readonly isAdmin?: AdminCheck;
}

/** The chat's stable key in storage: `telegram:123`, `discord:456`. */
export const chatKey = (chat: Pick<ChatRef, 'platform' | 'id'>): string => `${chat.platform}:${chat.id}`;
