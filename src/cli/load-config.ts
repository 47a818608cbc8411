import { type Config, ConfigError, loadConfig, readEnvFile } from '../config.js';
import { createLogger, type Logger } from '../logger.js';
import type { CliIo } from './cli-io.js';

/** Reads `.env` and the environment; prints the one configuration error and returns `undefined` when invalid. */
export function configOrReport(io: CliIo): Config | undefined {
  try {
    readEnvFile();
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`${error.message}\n`);
    return undefined;
  }
}

/** The configured logger, writing to stderr for commands whose stdout is the answer. */
export function loggerFor(config: Config, stream: 'stdout' | 'stderr'): Logger {
  return createLogger({
    level: config.log.level,
    pretty: config.log.pretty,
    secrets: config.secrets,
    stream,
  });
}
