import { parseArgs } from 'node:util';
import { type Bot, createBot } from '../bot.js';
import { runConsole } from '../frontends/console/console-frontend.js';
import { createPipeline } from '../pipeline.js';
import { systemClock } from '../time/clock.js';
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
  const pipeline = await createPipeline(config, logger);
  let bot: Bot | undefined;
  try {
    bot = createBot(pipeline, {
      clock: systemClock,
      logger,
      defaults: { locale: config.defaults.locale, timeZone: config.defaults.timezone },
    });
    await bot.engine.start();
    io.stdout.write(
      `Postie (${[...pipeline.enabledAdapters].join(', ') || 'no carriers configured'}). Ctrl-D quits.\n\n`,
    );
    const { core, engine } = bot;
    await runConsole({
      core,
      input: io.stdin,
      output: io.stdout,
      color: isTerminal(io.stdout),
      onNotificationChannel: (channel) => engine.addChannel(channel),
    });
    return 0;
  } finally {
    await bot?.engine.stop();
    await pipeline.close();
  }
}

export const isTerminal = (stream: NodeJS.WritableStream): boolean =>
  'isTTY' in stream && stream.isTTY === true;
