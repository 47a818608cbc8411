import type { FakeDiscord, StoredMessage } from './fake-discord.js';
import { type FakeInteraction, type FakeState, type Json, MANAGE_CHANNELS } from './fake-state.js';

/**
 * Gateway dispatches as Discord sends them (https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object),
 * each registered with the fake so its REST routes know the interaction.
 */
export const ALICE = {
  id: '1200000000000000001',
  username: 'alice',
  discriminator: '0',
  global_name: 'Alice',
  avatar: null,
};
export const DM_CHANNEL = '1250000000000000001';
/** A member's permissions without Manage Channels (1 << 4) or Administrator (1 << 3). */
const PERMISSIONS = '2248473465835073';
/** The same, with Manage Channels: someone who administers the channel. */
export const MANAGER_PERMISSIONS = String(BigInt(PERMISSIONS) | MANAGE_CHANNELS);

export interface Where {
  /** A server channel (default) or the DM with the bot. */
  readonly dm?: boolean;
  /** The user's client language. @defaultValue 'en-US' */
  readonly locale?: string;
  /** Pretend the interaction was dispatched this long ago (ms), to let it expire. */
  readonly age?: number;
  /**
   * The member's permissions in the channel, as Discord computes them for the interaction.
   * @defaultValue those of a member who may not manage the channel
   */
  readonly permissions?: string;
}

function place(state: FakeState, where: Where): Json {
  const { guild } = state;
  if (where.dm) {
    return {
      channel: { id: DM_CHANNEL, type: 1, recipients: [ALICE] },
      channel_id: DM_CHANNEL,
      user: ALICE,
      context: 1,
    };
  }
  return {
    guild_id: guild.id,
    guild: { id: guild.id, locale: 'en-US', features: [] },
    guild_locale: 'en-US',
    channel: { id: guild.channelId, type: 0, guild_id: guild.id, name: 'parcels' },
    channel_id: guild.channelId,
    member: {
      user: ALICE,
      roles: [],
      permissions: where.permissions ?? PERMISSIONS,
      joined_at: '2024-01-01T00:00:00.000Z',
      deaf: false,
      mute: false,
      flags: 0,
    },
    context: 0,
  };
}

/** An INTERACTION_CREATE dispatch's data, as Discord sends it for Alice `where` she is. */
export function interactionPayload(
  state: FakeState,
  where: Where,
  type: number,
  data: Json,
  extra: Json = {},
): Json & { readonly id: string; readonly token: string } {
  const id = state.snowflake();
  return {
    id,
    application_id: state.applicationId,
    type,
    token: `aW50ZXJhY3Rpb246${id}OmZha2U`,
    version: 1,
    data,
    locale: where.locale ?? 'en-US',
    app_permissions: PERMISSIONS,
    entitlements: [],
    authorizing_integration_owners: { '0': state.guild.id },
    attachment_size_limit: 10_485_760,
    ...place(state, where),
    ...extra,
  };
}

function interact(
  fake: FakeDiscord,
  where: Where,
  type: number,
  data: Json,
  extra: Json = {},
): FakeInteraction {
  const dispatched = interactionPayload(fake.state, where, type, data, extra);
  const interaction: FakeInteraction = {
    id: dispatched.id,
    token: dispatched.token,
    channelId: String(dispatched['channel_id']),
    dispatchedAt: fake.now() - (where.age ?? 0),
    ...(typeof extra['message'] === 'object' && extra['message'] !== null
      ? { messageId: String((extra['message'] as Json)['id']) }
      : {}),
  };
  fake.state.register(interaction);
  fake.gateway.dispatch('INTERACTION_CREATE', dispatched);
  return interaction;
}

/** A slash command's `data` with string options (type 3). */
export const commandData = (state: FakeState, name: string, options: Record<string, string>): Json => ({
  id: String(state.globalCommands.find((c) => c['name'] === name)?.['id'] ?? '1400000000000000001'),
  name,
  type: 1,
  options: Object.entries(options).map(([n, value]) => ({ name: n, type: 3, value })),
});

/** A slash command with string options (type 3). */
export function slashCommand(
  fake: FakeDiscord,
  name: string,
  options: Record<string, string>,
  where: Where = {},
) {
  return interact(fake, where, 2, commandData(fake.state, name, options));
}

/** Typing into an autocomplete option. */
export function autocomplete(
  fake: FakeDiscord,
  name: string,
  option: string,
  partial: string,
  where: Where = {},
) {
  const data = {
    ...commandData(fake.state, name, {}),
    options: [{ name: option, type: 3, value: partial, focused: true }],
  };
  return interact(fake, where, 4, data);
}

/** Pressing a button on a message the fake holds. */
export function pressButton(fake: FakeDiscord, message: StoredMessage, customId: string, where: Where = {}) {
  return interact(fake, where, 3, { custom_id: customId, component_type: 2 }, { message });
}

/**
 * A message from Alice: in the DM, or in the server channel (mentioning the bot when `mention`), where
 * she has the server roles `roles` (e.g. `fake.state.guild.moderatorRoleId`).
 */
export function userMessage(fake: FakeDiscord, content: string, where: MessageWhere = {}) {
  const payload = messagePayload(fake.state, content, where);
  fake.gateway.dispatch('MESSAGE_CREATE', payload);
  return payload.id;
}

export interface MessageWhere {
  readonly dm?: boolean;
  readonly mention?: boolean;
  readonly roles?: readonly string[];
}

/** A MESSAGE_CREATE dispatch's data, as Discord sends it for Alice's message. */
export function messagePayload(state: FakeState, content: string, where: MessageWhere = {}) {
  const id = state.snowflake();
  const { guild, botUser } = state;
  const common = {
    id,
    author: ALICE,
    content: where.mention ? `<@${botUser.id}> ${content}` : content,
    timestamp: '2025-01-01T00:00:00.000+00:00',
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: 0,
    flags: 0,
  };
  const payload = where.dm
    ? { ...common, channel_id: DM_CHANNEL, channel_type: 1, mentions: [] }
    : {
        ...common,
        channel_id: guild.channelId,
        guild_id: guild.id,
        channel_type: 0,
        member: {
          roles: where.roles ?? [],
          joined_at: '2024-01-01T00:00:00.000Z',
          deaf: false,
          mute: false,
          flags: 0,
        },
        mentions: where.mention ? [botUser] : [],
      };
  return { ...payload, id };
}

/**
 * The message command `name` chosen on a message (right-click → Apps): an application command
 * interaction of type 3 whose data names the target and carries it, content included
 * (https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-interaction-data).
 */
export function messageMenu(fake: FakeDiscord, name: string, content: string, where: Where = {}) {
  const target = messagePayload(fake.state, content, where.dm ? { dm: true } : {});
  const command = fake.state.globalCommands.find((c) => c['name'] === name);
  const data = {
    id: String(command?.['id'] ?? '1400000000000000002'),
    name,
    type: 3,
    target_id: target.id,
    resolved: { messages: { [target.id]: target } },
  };
  return interact(fake, where, 2, data);
}
