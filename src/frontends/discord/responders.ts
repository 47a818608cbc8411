import {
  type ButtonInteraction,
  type CommandInteraction,
  type Message,
  type MessageCreateOptions,
  MessageFlags,
} from 'discord.js';
import type { Respond } from '../../core/conversation.js';
import type { Reply } from '../../domain/reply.js';
import type { Logger } from '../../logger.js';
import { logFailure } from './discord-errors.js';
import { type DiscordMessage, toDiscordMessages } from './markup.js';

/** How the core's replies to one update reach Discord. */
export interface Responder {
  readonly respond: Respond;
  /** Called once the core is done with the update. */
  finish(): Promise<void>;
}

/** Replies never ping anyone, whatever carriers or users wrote. */
const NO_MENTIONS = { parse: [] };

/**
 * Replies go out one at a time in the order the core gives them (it answers several numbers at once), so
 * the first one is always the one that fills the deferred response. A reply Discord refuses is logged by
 * the error boundary's rules and dropped; the core carries on with the next.
 */
function serialized(
  logger: Logger,
  context: Record<string, unknown>,
  send: (reply: Reply, replace: boolean) => Promise<void>,
): Respond {
  let queue: Promise<void> = Promise.resolve();
  return (reply, options) => {
    queue = queue.then(() =>
      send(reply, options?.replace === true).catch((error: unknown) => logFailure(logger, error, context)),
    );
    return queue;
  };
}

/** A rendered message as discord.js send options: never pinging anyone. */
export const payload = (message: DiscordMessage) => ({ ...message, allowedMentions: NO_MENTIONS });
const flagsFor = (ephemeral: boolean) => (ephemeral ? { flags: MessageFlags.Ephemeral as const } : {});

/**
 * What answering a deferred interaction takes: the interaction itself, or after a restart its webhook
 * (`InteractionWebhook`, by the interaction's token). The original is the deferred reply of a command,
 * the pressed message of a button.
 */
export interface DeferredReply {
  editReply(message: ReturnType<typeof payload>): Promise<unknown>;
  deleteReply(): Promise<unknown>;
  followUp(message: ReturnType<typeof payload> & { flags?: MessageFlags.Ephemeral }): Promise<unknown>;
}

/** A deferred slash or message command, or button press, as a {@link DeferredReply}. */
export const deferredReplyOf = (interaction: CommandInteraction | ButtonInteraction): DeferredReply => ({
  editReply: (message) => interaction.editReply(message),
  deleteReply: () => interaction.deleteReply(),
  followUp: (message) => interaction.followUp(message),
});

/**
 * A slash command (or a message command), already deferred (`personal`: deferred as ephemeral). The
 * first message edits the
 * deferred response, the rest are follow-ups. A private reply is never shown to the channel: when the
 * deferred response is public, it is deleted and the reply follows up as ephemeral (a deferred response
 * cannot change its visibility). If the core said nothing, the "thinking…" response is removed.
 */
export function commandResponder(
  interaction: DeferredReply,
  command: string,
  personal: boolean,
  logger: Logger,
): Responder {
  let originalUsed = false;
  const context = { command };
  const respond = serialized(logger, context, async (reply) => {
    const ephemeral = personal || reply.private === true;
    for (const message of toDiscordMessages(reply)) {
      if (!originalUsed) {
        originalUsed = true;
        if (personal || !reply.private) {
          await interaction.editReply(payload(message));
          continue;
        }
        await interaction.deleteReply();
      }
      await interaction.followUp({ ...payload(message), ...flagsFor(ephemeral) });
    }
  });
  return {
    respond,
    async finish() {
      if (!originalUsed)
        await interaction.deleteReply().catch((error: unknown) => logFailure(logger, error, context));
    },
  };
}

/**
 * A button press, already acknowledged with a deferred update. `replace` edits the pressed message with
 * the first message (unless the reply is private and the pressed message public); everything else follows
 * up, ephemeral when the reply is private or the pressed message was.
 */
export function buttonResponder(
  interaction: DeferredReply,
  { customId, pressedEphemeral }: { readonly customId: string; readonly pressedEphemeral: boolean },
  logger: Logger,
): Responder {
  const context = { button: customId };
  const respond = serialized(logger, context, async (reply, replace) => {
    const ephemeral = pressedEphemeral || reply.private === true;
    const messages = toDiscordMessages(reply);
    for (const [i, message] of messages.entries()) {
      if (i === 0 && replace && (pressedEphemeral || !reply.private))
        await interaction.editReply(payload(message));
      else await interaction.followUp({ ...payload(message), ...flagsFor(ephemeral) });
    }
  });
  return { respond, finish: async () => undefined };
}

/**
 * A channel message (a DM, or a mention in a server): answers are new messages in the channel, the first
 * replying to the user's message in servers. Each carries a nonce derived from the user's message with
 * `enforce_nonce`, so a send discord.js retries after a timeout is not posted twice
 * (https://discord.com/developers/docs/resources/message#create-message-jsonform-params).
 */
export function channelResponder(message: Message, logger: Logger): Responder {
  let sent = 0;
  const context = { channelMessage: message.id };
  const respond = serialized(logger, context, async (reply) => {
    const channel = message.channel;
    if (!channel.isSendable()) return;
    for (const part of toDiscordMessages(reply)) {
      const reference =
        sent === 0 && message.inGuild()
          ? { reply: { messageReference: message.id, failIfNotExists: false } }
          : {};
      // A nonce is at most 25 characters: a snowflake (≤ 20 digits), `.`, and the answer's number in base 36.
      const options: MessageCreateOptions = {
        ...payload(part),
        ...reference,
        nonce: `${message.id}.${sent.toString(36)}`,
        enforceNonce: true,
      };
      sent += 1;
      await channel.send(options);
    }
  });
  return { respond, finish: async () => undefined };
}
