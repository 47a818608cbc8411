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
}

/** A button press. */
export interface IncomingAction {
  readonly chat: ChatRef;
  readonly user: UserRef;
  readonly action: Action;
}

/** The chat's stable key in storage: `telegram:123`, `discord:456`. */
export const chatKey = (chat: Pick<ChatRef, 'platform' | 'id'>): string => `${chat.platform}:${chat.id}`;
