import { parseArgs } from 'node:util';
import { COMMANDS } from '../domain/commands.js';
import { DiscordCallError, isTokenRefused } from '../frontends/discord/discord-errors.js';
import { type RegisteredCommands, registerCommands } from '../frontends/discord/index.js';
import { createRenderer } from '../render/create-renderer.js';
import type { CliIo } from './cli-io.js';
import { EXIT } from './exit-codes.js';
import { usageOf } from './help.js';
import { configOrReport } from './load-config.js';

/** `postie discord:register [--guild ID]`: publishes the slash commands, globally or to one server. */
export async function discordRegisterCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { guild: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    io.stdout.write(`${usageOf('discord:register')}\n`);
    return 0;
  }
  const config = configOrReport(io);
  if (!config) return EXIT.config;
  if (!config.discord) {
    io.stderr.write(
      'postie discord:register: set DISCORD_TOKEN and DISCORD_APPLICATION_ID first (see .env.example)\n',
    );
    return EXIT.config;
  }
  if (values.guild !== undefined && !/^\d{17,20}$/.test(values.guild)) {
    io.stderr.write('postie discord:register: --guild takes a server id (17–20 digits)\n');
    return EXIT.usage;
  }
  let result: RegisteredCommands;
  try {
    result = await registerCommands({
      config: config.discord,
      core: { commands: COMMANDS, renderer: createRenderer() },
      ...(values.guild ? { guildId: values.guild } : {}),
    });
  } catch (error) {
    const failure = new DiscordCallError('command registration', error);
    if (isTokenRefused(error)) {
      io.stderr.write(`postie discord:register: ${failure.message}: check DISCORD_TOKEN\n`);
      return EXIT.config;
    }
    io.stderr.write(`postie discord:register: ${failure.message}\n`);
    return EXIT.failed;
  }
  io.stdout.write(
    `Registered ${result.count} commands (${result.scope === 'guild' ? `server ${values.guild}` : 'every server and DM'}).\n`,
  );
  return 0;
}
