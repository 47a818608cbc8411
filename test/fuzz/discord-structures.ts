import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  Client,
  Events,
  GatewayIntentBits,
  type Interaction,
  type Message,
  Partials,
} from 'discord.js';
import { createFakeState, type FakeState, type Json } from '../frontends/discord/fake-state.js';

/** The part of discord.js that turns a gateway dispatch into its structures (internal: `client.actions`). */
interface GatewayActions {
  readonly actions: {
    readonly MessageCreate: { handle(data: Json): { readonly message?: Message } };
    readonly InteractionCreate: { handle(data: Json): void };
  };
  readonly guilds: { _add(data: Json): unknown };
}

export interface DiscordStructures {
  /** The fake server's ids and payload builders' state. */
  readonly state: FakeState;
  /** The bot's user id (what `messageIncoming` strips mentions of). */
  readonly botId: string;
  /** A MESSAGE_CREATE dispatch as the Message discord.js makes of it (`undefined` when it makes none). */
  message(data: Json): Message | undefined;
  /** An INTERACTION_CREATE dispatch as the interaction discord.js makes of it. */
  interaction(data: Json): Interaction | undefined;
  command(data: Json): ChatInputCommandInteraction | undefined;
  button(data: Json): ButtonInteraction | undefined;
  close(): Promise<void>;
}

/**
 * discord.js structures made from gateway dispatches the way the client makes them when they arrive
 * (its own `MessageCreate` and `InteractionCreate` actions, on a client that knows the fake server from
 * GUILD_CREATE), without a connection: through the fake gateway every case would wait on discord.js's
 * REST queue, which holds a bot to 50 requests a second — too slow for 10,000 cases. What the front-end
 * does with the structures (`interactions.ts`) is the real code.
 */
export function createDiscordStructures(): DiscordStructures {
  const state = createFakeState();
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
  });
  const gateway = client as unknown as GatewayActions;
  for (const guild of state.guildPayloads()) gateway.guilds._add(guild);
  const created: { last?: Interaction | undefined } = {};
  client.on(Events.InteractionCreate, (interaction) => {
    created.last = interaction;
  });
  const interaction = (data: Json): Interaction | undefined => {
    created.last = undefined;
    gateway.actions.InteractionCreate.handle(data);
    return created.last;
  };
  return {
    state,
    botId: state.botUser.id,
    message: (data) => gateway.actions.MessageCreate.handle(data).message,
    interaction,
    command(data) {
      const made = interaction(data);
      return made?.isChatInputCommand() ? made : undefined;
    },
    button(data) {
      const made = interaction(data);
      return made?.isButton() ? made : undefined;
    },
    close: () => client.destroy(),
  };
}
