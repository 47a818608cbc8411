import { createHash } from 'node:crypto';
import type { Client } from 'discord.js';
import type { NotificationChannel } from '../../domain/notification-channel.js';
import type { Logger } from '../../logger.js';
import { DiscordCallError, describeFailure, isUnreachable } from './discord-errors.js';
import { toDiscordMessages } from './markup.js';
import { payload } from './responders.js';

export interface DiscordNotificationDeps {
  /**
   * The front-end's client; `deliver` works once it has logged in, or without the gateway once its
   * REST has the token (an instance waiting for the gateway's lease).
   */
  readonly client: Client;
  readonly logger: Logger;
}

/** What the port promises a dedupe key looks like; Discord takes nonces of at most 25 characters. */
const DEDUPE_KEY = /^[A-Za-z0-9._-]{1,25}$/;

/**
 * The nonce of a notification's `part`-th message: the dedupe key itself, then for a reply long enough
 * to need more messages, 25 characters of a digest of key and part (so each part has its own nonce, and
 * the same one when the notification is sent again).
 */
function partNonce(dedupeKey: string, part: number): string {
  if (part === 0) return dedupeKey;
  return createHash('sha256').update(`${dedupeKey}/${part}`).digest('base64url').slice(0, 25);
}

/**
 * Notifications for Discord chats: `ChatRef.id` is the channel id, a server channel or the DM channel
 * with the user (`chatOf` in interactions.ts). The channel is fetched once and then cached by discord.js;
 * the reply goes out as the same embeds and buttons as an answer, each message with a nonce and
 * `enforce_nonce`, so Discord returns the first message instead of posting a repeat sent within a few
 * minutes (https://discord.com/developers/docs/resources/message#create-message-jsonform-params). Rate
 * limits are discord.js's REST queue's business. A channel Postie can no longer write to resolves
 * `unreachable` (see `isUnreachable`); other failures reject with a {@link DiscordCallError}.
 */
export function createDiscordNotificationChannel(deps: DiscordNotificationDeps): NotificationChannel {
  return {
    platform: 'discord',
    async deliver(chat, reply, dedupeKey) {
      if (chat.platform !== 'discord' || !/^\d{1,20}$/.test(chat.id))
        throw new Error(`not a Discord channel: ${chat.platform}:${chat.id}`);
      if (!DEDUPE_KEY.test(dedupeKey)) throw new Error('a dedupe key is 1–25 characters of [A-Za-z0-9._-]');
      try {
        // An instance without the gateway has no servers cached: a server's channel is taken as it is.
        const channel = await deps.client.channels.fetch(chat.id, {
          allowUnknownGuild: !deps.client.isReady(),
        });
        if (!channel?.isSendable()) {
          deps.logger.info({ channel: chat.id }, 'Discord channel takes no messages, not notifying');
          return 'unreachable';
        }
        for (const [part, message] of toDiscordMessages(reply).entries())
          await channel.send({ ...payload(message), nonce: partNonce(dedupeKey, part), enforceNonce: true });
        return 'sent';
      } catch (error) {
        if (!isUnreachable(error)) throw new DiscordCallError('notification', error);
        deps.logger.info(
          { channel: chat.id, failure: describeFailure(error) },
          'Discord channel unreachable, not notifying',
        );
        return 'unreachable';
      }
    },
  };
}
