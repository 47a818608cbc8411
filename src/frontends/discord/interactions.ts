import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Message,
  PermissionFlagsBits,
  type PermissionsBitField,
} from 'discord.js';
import type { AdminCheck, IncomingAction, IncomingMessage } from '../../core/incoming.js';
import type { ChatRef, UserRef } from '../../domain/chat.js';
import type { CommandSpec } from '../../domain/commands.js';
import { decodeAction } from '../../render/action-codec.js';

/**
 * Discord updates → the core's neutral requests (STYLE.md §9: thin translators). A conversation is a
 * channel: a server channel (or thread) is a group chat, a DM with the bot a private one.
 */
export function chatOf(source: {
  readonly channelId: string | null;
  readonly guildId: string | null;
}): ChatRef {
  return { platform: 'discord', id: source.channelId ?? '', kind: source.guildId ? 'group' : 'private' };
}

/**
 * Who administers a Discord conversation, a channel: members who may manage it (Manage Channels in that
 * channel, which Administrator and the server's owner imply;
 * https://discord.com/developers/docs/topics/permissions#permissions-bitwise-permission-flags). What
 * Postie keeps belongs to the channel, and whoever may edit or delete the channel may delete that too;
 * Manage Server would leave out the channel's own moderators. It is also `/forget`'s default member
 * permission (`slash-commands.ts`).
 */
const ADMIN_PERMISSION = PermissionFlagsBits.ManageChannels;

/**
 * An interaction's member permissions, which Discord sends with every interaction in a server, already
 * computed for the channel with its overwrites (`member.permissions`,
 * https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object): no call.
 */
const memberIsAdmin =
  (permissions: Readonly<PermissionsBitField> | null): AdminCheck =>
  async () =>
    permissions?.has(ADMIN_PERMISSION) ?? false;

/** The user and the language of their Discord client (`en-US`, `zh-TW`, `zh-CN`, …). */
function userOf(interaction: { readonly user: { readonly id: string }; readonly locale: string }): UserRef {
  return { id: interaction.user.id, languageCode: interaction.locale };
}

/**
 * A slash command as the core's command message: the option values in the table's order, joined by
 * spaces, read as a Telegram user would type them after the command (`/track RB000000014HK hongkong-post`).
 * A command the table does not know passes its options in Discord's order (the core answers it).
 */
export function commandMessage(
  interaction: ChatInputCommandInteraction,
  commands: readonly CommandSpec[],
): IncomingMessage {
  const name = interaction.commandName;
  const spec = commands.find((c) => c.name === name);
  const values = spec
    ? spec.options.map((o) => interaction.options.get(o.name)?.value)
    : interaction.options.data.map((o) => o.value);
  const args = values
    .map((v) => (v === undefined ? '' : String(v).trim()))
    .filter((v) => v !== '')
    .join(' ');
  return {
    chat: chatOf(interaction),
    user: userOf(interaction),
    text: args ? `/${name} ${args}` : `/${name}`,
    command: { name, args },
    addressedToBot: true,
    isAdmin: memberIsAdmin(interaction.memberPermissions),
  };
}

/** A button press as the action it carries, or `undefined` for a `custom_id` that is not one of Postie's. */
export function buttonAction(interaction: ButtonInteraction): IncomingAction | undefined {
  const action = decodeAction(interaction.customId);
  if (!action) return undefined;
  const isAdmin = memberIsAdmin(interaction.memberPermissions);
  return { chat: chatOf(interaction), user: userOf(interaction), action, isAdmin };
}

/** What the user is typing into an autocomplete option. */
export interface AutocompleteRequest {
  readonly chat: ChatRef;
  readonly command: string;
  readonly option: string;
  readonly partial: string;
}

export function autocompleteRequest(interaction: AutocompleteInteraction): AutocompleteRequest {
  const focused = interaction.options.getFocused(true);
  return {
    chat: chatOf(interaction),
    command: interaction.commandName,
    option: focused.name,
    partial: String(focused.value),
  };
}

/**
 * A channel message for the core, or `undefined` when Postie should not look at it: messages from bots
 * (itself included) and, in servers, messages that neither mention the bot nor reply to it (Discord
 * delivers those without their text anyway, since Postie does not ask for the privileged Message Content
 * intent). In DMs every message is for the bot. The bot's mention is taken out of the text; a text that
 * starts with `/` is a command, as in Telegram. Messages carry no client language; in servers the
 * server's preferred locale stands in for it.
 */
export function messageIncoming(message: Message, botId: string): IncomingMessage | undefined {
  if (message.author.bot || message.system || message.webhookId) return undefined;
  const inGuild = message.inGuild();
  const addressedToBot =
    !inGuild || message.mentions.users.has(botId) || message.mentions.repliedUser?.id === botId;
  if (!addressedToBot) return undefined;
  const text = message.content.replace(new RegExp(`<@!?${botId}>`, 'g'), ' ').trim();
  if (text === '') return undefined;
  const command = /^\/([^\s@]+)(?:@\S+)?\s*([\s\S]*)$/.exec(text);
  const languageCode = inGuild ? message.guild.preferredLocale : undefined;
  return {
    chat: chatOf({ channelId: message.channelId, guildId: message.guildId }),
    user: { id: message.author.id, ...(languageCode ? { languageCode } : {}) },
    text,
    ...(command ? { command: { name: (command[1] ?? '').toLowerCase(), args: command[2] ?? '' } } : {}),
    addressedToBot: true,
    ...(inGuild ? { isAdmin: authorIsAdmin(message) } : {}),
  };
}

/**
 * A server message carries no permissions: discord.js works them out from the server's roles and the
 * channel's overwrites, which the Guilds intent keeps up to date. Without the member, nobody can tell.
 */
const authorIsAdmin =
  (message: Message): AdminCheck =>
  async () => {
    const member = message.member;
    if (!member) throw new Error('the server member who wrote is not known');
    return member.permissionsIn(message.channelId).has(ADMIN_PERMISSION);
  };
