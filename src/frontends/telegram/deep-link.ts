import type { DeepLink } from '../../core/incoming.js';

/**
 * The bot's deep links: `https://t.me/<username>?start=<parameter>` opens a chat with the bot and sends
 * it `/start <parameter>` (https://core.telegram.org/bots/features#deep-linking). The core makes only
 * parameters Telegram accepts (`core/deep-links.ts`); this encodes it all the same.
 */
export const deepLinkOf =
  (username: string): DeepLink =>
  (parameter) =>
    `https://t.me/${encodeURIComponent(username)}?start=${encodeURIComponent(parameter)}`;
