import { parseArgs } from 'node:util';
import { startApp } from '../main.js';
import { usageOf } from './help.js';
import { configOrReport, loggerFor } from './load-config.js';
import type { CliIo } from './run-cli.js';

/** `postie start`: reads `.env`, validates the environment, runs until SIGINT or SIGTERM. */
export async function startCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    io.stdout.write(`${usageOf('start')}\n`);
    return 0;
  }
  const config = configOrReport(io);
  if (!config) return 2;
  const logger = loggerFor(config, 'stdout');
  const app = await startApp(config, logger);
  await new Promise<void>((resolve) => {
    const shutdown = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  await app.stop();
  return 0;
}
