import type { Logger } from '../logger.js';
import { EXIT } from './exit-codes.js';

/**
 * The last word of a process that failed in a way nothing expected (a bug): an uncaught exception or an
 * unhandled rejection is logged as one JSON line on stderr through the scrubbing logger, never printed
 * by Node as it is (which would show whatever the error carries, secrets included), and the process
 * exits with status 1, as Node would: its state is unknown. What Postie promised is durable before it
 * is acknowledged, so the next start picks it up.
 */
export function handleProcessFailures(process: NodeJS.Process): void {
  process.on('uncaughtException', (error, origin) => {
    void lastWords(
      process,
      origin === 'unhandledRejection' ? 'unhandled rejection' : 'uncaught exception',
      error,
    );
  });
  process.on('unhandledRejection', (reason) => void lastWords(process, 'unhandled rejection', reason));
}

/**
 * Logs an unexpected failure (outside a command's own error handling) as one line and exits 1. The logger
 * and the configuration are imported on this path only, so that a command that does not fail need not
 * load pino and zod (`postie detect` uses neither); where the command loaded them, they come at once.
 */
export async function lastWords(process: NodeJS.Process, kind: string, error: unknown): Promise<never> {
  try {
    (await crashLogger()).fatal({ failure: describe(error) }, `${kind}: exiting`);
  } catch {
    // Without the logger nothing scrubs the error: say only what happened.
    process.stderr.write(`${kind}: exiting\n`);
  }
  return process.exit(EXIT.failed);
}

/** Built when needed, after `.env` was read: its secrets are scrubbed too, even if the configuration is invalid. */
async function crashLogger(): Promise<Logger> {
  const [{ createLogger }, { environmentSecrets }] = await Promise.all([
    import('../logger.js'),
    import('../config.js'),
  ]);
  return createLogger({ level: 'fatal', pretty: false, stream: 'stderr', secrets: environmentSecrets() });
}

/** Name, message and stack only: never the fields an error carries (telegraf's request payload, …). */
function describe(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { type: error.name, message: error.message, stack: error.stack };
  return { type: typeof error };
}
