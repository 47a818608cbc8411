import { parseArgs } from 'node:util';
import { buildApp, type ServingApp } from '../app/build-app.js';
import { SettingRefused } from '../domain/setting-refused.js';
import type { CliIo } from './cli-io.js';
import { EXIT } from './exit-codes.js';
import { usageOf } from './help.js';
import { configOrReport, loggerFor } from './load-config.js';

/**
 * `postie start`: reads `.env`, validates the environment, runs until SIGINT or SIGTERM (exit 0; 1 when
 * the stop ran out of SHUTDOWN_TIMEOUT_MS and gave up work under way, which stays durable). A
 * setting refused at start or later (a bot token, the webhook URL, a port in use) is one fatal log line
 * naming the variable, and exit 78; an invalid configuration is its one error on stderr, and exit 78.
 */
export async function startCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    io.stdout.write(`${usageOf('start')}\n`);
    return EXIT.ok;
  }
  const config = configOrReport(io);
  if (!config) return EXIT.config;
  const logger = loggerFor(config, 'stdout');
  const refusedLine = (refusal: SettingRefused) =>
    logger.fatal({ setting: refusal.setting }, refusal.message);

  // Listening before the start: a SIGTERM while starting stops Postie as soon as it has started.
  const starting = new AbortController();
  let onSignal: (signal: NodeJS.Signals) => void = () => undefined;
  const signalled = new Promise<NodeJS.Signals>((resolve) => {
    onSignal = (signal) => {
      starting.abort();
      resolve(signal);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  const stopListening = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };

  let app: ServingApp;
  try {
    app = await buildApp(config, { logger, frontends: 'configured', signal: starting.signal });
  } catch (error) {
    stopListening();
    if (!(error instanceof SettingRefused)) throw error;
    refusedLine(error);
    return EXIT.config;
  }
  const reason = await Promise.race([signalled, app.refused]);
  stopListening();
  if (reason instanceof SettingRefused) {
    refusedLine(reason);
    await app.stop();
    return EXIT.config;
  }
  logger.info({ signal: reason }, 'shutting down');
  return (await app.stop()) === 'complete' ? EXIT.ok : EXIT.failed;
}
