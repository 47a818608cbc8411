import { REST, Routes } from 'discord.js';
import * as z from 'zod';
import type { DiscordConfig } from '../../config.js';
import { messageMenuCommands } from './message-menu.js';
import { type CommandSource, slashCommands } from './slash-commands.js';

export interface RegisterCommandsOptions {
  readonly config: DiscordConfig;
  readonly core: CommandSource;
  /** Register in this server only (changes show at once; handy while developing). Absent: globally. */
  readonly guildId?: string;
}

export interface RegisteredCommands {
  readonly scope: 'global' | 'guild';
  /** How many commands Discord now has for the application (in that scope). */
  readonly count: number;
}

/**
 * `postie discord:register [--guild ID]`: replaces the application's slash commands with the ones derived
 * from the core's table (Bulk Overwrite, `PUT /applications/{id}/commands` or `…/guilds/{id}/commands`:
 * https://discord.com/developers/docs/interactions/application-commands#bulk-overwrite-global-application-commands).
 * Commands that did not change do not count towards Discord's 200 creates a day. Throws discord.js's
 * `DiscordAPIError` when Discord refuses (its message never contains the token).
 */
export async function registerCommands(options: RegisterCommandsOptions): Promise<RegisteredCommands> {
  const { config, core, guildId } = options;
  // One try of 10 s and one retry of a reset connection, instead of discord.js's 15 s and three retries.
  const rest = new REST({ api: config.apiRoot, timeout: 10_000, retries: 1 }).setToken(config.token);
  const route = guildId
    ? Routes.applicationGuildCommands(config.applicationId, guildId)
    : Routes.applicationCommands(config.applicationId);
  const registered = await rest.put(route, { body: derivedCommands(core) });
  return { scope: guildId ? 'guild' : 'global', count: Array.isArray(registered) ? registered.length : 0 };
}

/** Every command Postie registers: the slash commands, then the message command. */
const derivedCommands = (core: CommandSource) => [...slashCommands(core), ...messageMenuCommands(core)];

const RegisteredSchema = z.array(
  z.object({
    name: z.string(),
    description: z.string(),
    options: z.array(z.object({ name: z.string() })).optional(),
  }),
);

/**
 * The derived commands that Discord's global registration lacks or describes differently (by name,
 * English description and option names), checked at start-up so an operator hears to run
 * `postie discord:register`. Registered commands Postie no longer has are listed too.
 */
export async function commandsOutOfDate(
  rest: REST,
  config: DiscordConfig,
  core: CommandSource,
): Promise<string[]> {
  const registered = RegisteredSchema.parse(await rest.get(Routes.applicationCommands(config.applicationId)));
  const fingerprint = (c: {
    name: string;
    description?: string | undefined;
    options?: readonly { name: string }[] | undefined;
  }) => JSON.stringify([c.name, c.description ?? '', (c.options ?? []).map((o) => o.name)]);
  const have = new Set(registered.map(fingerprint));
  const derived = derivedCommands(core);
  const wanted = new Set(derived.map((c) => c.name));
  return [
    ...derived.filter((c) => !have.has(fingerprint(c))).map((c) => c.name),
    ...registered.filter((c) => !wanted.has(c.name)).map((c) => c.name),
  ];
}
