import type { DeepLink, IncomingInlineQuery } from '../../core/incoming.js';
import { deepLinkOf } from './deep-link.js';
import { userRefOf } from './telegram-refs.js';
import type { TelegramInlineQuery } from './update-schema.js';

/** An inline query to answer: it belongs to no chat, so it waits for no chat's turn. */
export interface InlineQueryWork {
  readonly kind: 'inline';
  readonly queryId: string;
  readonly query: IncomingInlineQuery;
  /** The bot's deep links, for the button that opens Postie on a parcel. */
  readonly deepLink: DeepLink;
}

/**
 * `@bot <text>` typed in any chat (inline mode, switched on with BotFather's `/setinline`): the asker's
 * own chat with the bot has their id (https://core.telegram.org/bots/api#chat: a private chat's id is
 * the user's), so its settings and fair share are theirs. Bots' queries are not answered.
 */
export function translateInlineQuery(
  query: TelegramInlineQuery,
  bot: { readonly username: string },
): InlineQueryWork | undefined {
  if (query.from.is_bot) return undefined;
  return {
    kind: 'inline',
    queryId: query.id,
    query: {
      chat: { platform: 'telegram', id: String(query.from.id), kind: 'private' },
      user: userRefOf(query.from),
      text: query.query,
    },
    deepLink: deepLinkOf(bot.username),
  };
}
