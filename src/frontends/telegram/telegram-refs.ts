import type { ChatRef, UserRef } from '../../domain/chat.js';
import type { TelegramChat, TelegramUser } from './update-schema.js';

/** Telegram's chats and users as the core names them (`telegram:<id>`). */

/** A private chat, or a group or supergroup; `undefined` for a channel (its posts are read apart). */
export function chatRefOf(chat: TelegramChat): ChatRef | undefined {
  if (chat.type === 'channel') return undefined;
  return { platform: 'telegram', id: String(chat.id), kind: chat.type === 'private' ? 'private' : 'group' };
}

/** A channel, for the core: a group whose members never write (only its administrators post). */
export const channelRefOf = (chat: TelegramChat): ChatRef => ({
  platform: 'telegram',
  id: String(chat.id),
  kind: 'group',
});

export const userRefOf = (user: TelegramUser): UserRef => ({
  id: String(user.id),
  ...(user.language_code ? { languageCode: user.language_code } : {}),
});
