import { type Config, ConfigError, loadConfig, readEnvFile } from '../config.js';
import type { CliIo } from './run-cli.js';

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
