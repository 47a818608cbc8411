import { parseArgs } from 'node:util';
import { buildApp } from '../app/build-app.js';
import { runConsole } from '../frontends/console/console-frontend.js';
import type { CliIo } from './cli-io.js';
import { EXIT } from './exit-codes.js';
import { usageOf } from './help.js';
import { configOrReport, loggerFor } from './load-config.js';

/** `postie chat`: talk to Postie in the terminal, with the configured carriers. */
export async function chatCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    io.stdout.write(`${usageOf('chat')}\n`);
    return 0;
  }
  const config = configOrReport(io);
  if (!config) return EXIT.config;
  const logger = loggerFor(config, 'stderr');
  const app = await buildApp(config, { logger, bot: {} });
  try {
    io.stdout.write(
      `Postie (${[...app.lookups.enabledAdapters].join(', ') || 'no carriers configured'}). Ctrl-D quits.\n\n`,
    );
    const { core, engine } = app.bot;
    await runConsole({
      core,
      input: io.stdin,
      output: io.stdout,
      color: isTerminal(io.stdout),
      onNotificationChannel: (channel) => engine.addChannel(channel),
    });
    return 0;
  } finally {
    await app.stop();
  }
}

export const isTerminal = (stream: NodeJS.WritableStream): boolean =>
  'isTTY' in stream && stream.isTTY === true;
