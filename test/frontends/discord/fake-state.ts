/** What the fake Discord remembers: the bot, one server with one channel, interactions, messages, commands. */
export type Json = Record<string, unknown>;
export type StoredMessage = Json & { id: string; channel_id: string; flags: number };

export interface FakeInteraction {
  readonly id: string;
  readonly token: string;
  readonly channelId: string;
  /** When it was dispatched (same clock as `LoggedRequest.at`). */
  readonly dispatchedAt: number;
  /** For a button press: the message the button is on. */
  readonly messageId?: string;
  /** The interaction response type it was acknowledged with. */
  acknowledged?: number;
  originalId?: string;
  /** Autocomplete results (response type 8). */
  choices?: unknown[];
}

/**
 * https://discord.com/developers/docs/topics/permissions#permissions-bitwise-permission-flags: what
 * everyone may do in the fake server (View Channel, Send Messages, Read Message History), and Manage
 * Channels, which only Moderators have.
 */
const MEMBER_PERMISSIONS = (1n << 10n) | (1n << 11n) | (1n << 16n);
export const MANAGE_CHANNELS = 1n << 4n;

const role = (id: string, name: string, position: number, permissions: bigint): Json => ({
  id,
  name,
  color: 0,
  hoist: false,
  icon: null,
  unicode_emoji: null,
  position,
  permissions: String(permissions),
  managed: false,
  mentionable: false,
  flags: 0,
});

/** https://discord.com/developers/docs/resources/message#message-object-message-flags */
export const FLAGS = { ephemeral: 64, loading: 128 } as const;
const FIXED_TIME = '2025-01-01T00:00:00.000+00:00';

export function createFakeState() {
  let next = 1_300_000_000_000_000_000n;
  const snowflake = () => {
    next += 1n;
    return String(next);
  };
  const applicationId = '1000000000000000001';
  const botUser = {
    id: applicationId,
    username: 'Postie',
    discriminator: '0',
    global_name: null,
    avatar: null,
    bot: true,
  };
  /** The server: its channel, and a Moderators role whose members may manage channels. */
  const guild = {
    id: '1100000000000000001',
    channelId: '1100000000000000002',
    moderatorRoleId: '1100000000000000003',
  };
  const interactions = new Map<string, FakeInteraction>();
  const messages = new Map<string, StoredMessage>();
  /** DM channels by id (https://discord.com/developers/docs/resources/channel#channel-object, type 1). */
  const dmChannels = new Map<string, Json>();
  /** Messages created with `enforce_nonce`, by channel and nonce, with when (ms on the REST log's clock). */
  const nonces = new Map<string, { readonly id: string; readonly at: number }>();
  let globalCommands: Json[] = [];
  const guildCommands = new Map<string, Json[]>();

  const message = (channelId: string, body: Json, flags: number, extra: Json = {}): StoredMessage => {
    const stored: StoredMessage = {
      id: snowflake(),
      channel_id: channelId,
      author: botUser,
      content: typeof body['content'] === 'string' ? body['content'] : '',
      embeds: Array.isArray(body['embeds']) ? body['embeds'] : [],
      components: Array.isArray(body['components']) ? body['components'] : [],
      timestamp: FIXED_TIME,
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      pinned: false,
      type: 0,
      flags,
      ...extra,
    };
    messages.set(stored.id, stored);
    return stored;
  };
  const flagsOf = (body: unknown) =>
    typeof body === 'object' && body !== null && 'flags' in body ? Number(body.flags) & FLAGS.ephemeral : 0;
  const asJson = (body: unknown): Json => (typeof body === 'object' && body !== null ? (body as Json) : {});

  return {
    applicationId,
    botUser,
    guild,
    interactions,
    messages,
    snowflake,
    get globalCommands() {
      return globalCommands;
    },
    guildCommands,
    storeCommands(body: unknown, guildId: string | undefined): Json[] {
      // Discord answers with every field: a message command's description is the empty string.
      const stored = (Array.isArray(body) ? body : []).map((c: Json) => ({
        type: 1,
        description: '',
        ...c,
        id: snowflake(),
        application_id: applicationId,
        version: snowflake(),
        ...(guildId ? { guild_id: guildId } : {}),
      }));
      if (guildId) guildCommands.set(guildId, stored);
      else globalCommands = stored;
      return stored;
    },
    register(interaction: FakeInteraction) {
      interactions.set(interaction.token, interaction);
    },
    acknowledge(interaction: FakeInteraction, type: number, data: Json) {
      interaction.acknowledged = type;
      if (type === 5)
        interaction.originalId = message(interaction.channelId, {}, flagsOf(data) | FLAGS.loading).id;
      if (type === 4) interaction.originalId = message(interaction.channelId, data, flagsOf(data)).id;
      if ((type === 6 || type === 7) && interaction.messageId) interaction.originalId = interaction.messageId;
      const pressed = interaction.messageId ? messages.get(interaction.messageId) : undefined;
      if (type === 7 && pressed) this.editMessage(pressed, data);
      if (type === 8) interaction.choices = Array.isArray(data['choices']) ? data['choices'] : [];
    },
    originalOf(interaction: FakeInteraction): StoredMessage | undefined {
      return interaction.originalId ? messages.get(interaction.originalId) : undefined;
    },
    editMessage(target: StoredMessage, body: unknown): StoredMessage {
      const changes = asJson(body);
      for (const key of ['content', 'embeds', 'components'] as const) {
        if (key in changes) target[key] = changes[key];
      }
      target.flags &= ~FLAGS.loading;
      target['edited_timestamp'] = FIXED_TIME;
      return target;
    },
    followUp(interaction: FakeInteraction, body: unknown): StoredMessage {
      return message(interaction.channelId, asJson(body), flagsOf(body), {
        webhook_id: applicationId,
        application_id: applicationId,
      });
    },
    /**
     * Create Message (https://discord.com/developers/docs/resources/message#create-message-jsonform-params):
     * with `enforce_nonce`, a nonce already used in the channel within the last few minutes returns that
     * message instead of posting another (five minutes here; Discord says "the past few minutes").
     */
    createMessage(channelId: string, body: unknown, at: number): StoredMessage {
      const fields = asJson(body);
      const nonce = fields['nonce'];
      const key = `${channelId}/${String(nonce)}`;
      const earlier = fields['enforce_nonce'] === true && nonce !== undefined ? nonces.get(key) : undefined;
      const repeated = earlier && at - earlier.at < 5 * 60_000 ? messages.get(earlier.id) : undefined;
      if (repeated) return repeated;
      const reference = asJson(fields['message_reference']);
      const created = message(
        channelId,
        fields,
        0,
        reference['message_id'] ? { type: 19, message_reference: reference } : {},
      );
      if (fields['enforce_nonce'] === true && nonce !== undefined) nonces.set(key, { id: created.id, at });
      return created;
    },
    /** Opens the DM channel `channelId` between the bot and `recipient` (Create DM, as if it had been called). */
    openDm(channelId: string, recipient: Json) {
      dmChannels.set(channelId, { id: channelId, type: 1, last_message_id: null, recipients: [recipient] });
    },
    /** Get Channel's answer: the server's channel or an open DM; `undefined` for an unknown channel. */
    channel(channelId: string): Json | undefined {
      if (channelId === guild.channelId)
        return {
          id: guild.channelId,
          type: 0,
          guild_id: guild.id,
          name: 'parcels',
          position: 0,
          permission_overwrites: [],
        };
      return dmChannels.get(channelId);
    },
    /** Messages in a channel, oldest first. */
    channelMessages(channelId: string): StoredMessage[] {
      return [...messages.values()].filter((m) => m.channel_id === channelId);
    },
    /** https://discord.com/developers/docs/events/gateway-events#ready */
    readyPayload(base: string): Json {
      return {
        v: 10,
        user: botUser,
        guilds: [{ id: guild.id, unavailable: true }],
        session_id: 'fake-session',
        resume_gateway_url: `ws://${base}/gateway`,
        shard: [0, 1],
        application: { id: applicationId, flags: 0 },
      };
    },
    /** https://discord.com/developers/docs/events/gateway-events#guild-create */
    guildPayloads(): Json[] {
      return [
        {
          id: guild.id,
          name: 'Parcel fans',
          icon: null,
          owner_id: '1200000000000000009',
          preferred_locale: 'en-US',
          // https://discord.com/developers/docs/topics/permissions#role-object: @everyone has the server's id.
          roles: [
            role(guild.id, '@everyone', 0, MEMBER_PERMISSIONS),
            role(guild.moderatorRoleId, 'Moderators', 1, MEMBER_PERMISSIONS | MANAGE_CHANNELS),
          ],
          emojis: [],
          stickers: [],
          features: [],
          member_count: 2,
          joined_at: FIXED_TIME,
          large: false,
          unavailable: false,
          members: [],
          presences: [],
          voice_states: [],
          threads: [],
          stage_instances: [],
          guild_scheduled_events: [],
          channels: [
            {
              id: guild.channelId,
              type: 0,
              name: 'parcels',
              guild_id: guild.id,
              position: 0,
              permission_overwrites: [],
            },
          ],
        },
      ];
    },
  };
}

export type FakeState = ReturnType<typeof createFakeState>;
