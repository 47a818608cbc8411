/** Where a chat lives. */
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

/** The chat's stable key in storage: `telegram:123`, `discord:456`. */
export const chatKey = (chat: Pick<ChatRef, 'platform' | 'id'>): string => `${chat.platform}:${chat.id}`;
