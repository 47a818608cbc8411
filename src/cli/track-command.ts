import { parseArgs } from 'node:util';
import { buildApp } from '../app/build-app.js';
import { LOCALES, type Locale } from '../domain/locale.js';
import type { CliIo } from './cli-io.js';
import { EXIT } from './exit-codes.js';
import { usageOf } from './help.js';
import { configOrReport, loggerFor } from './load-config.js';
import { formatTrackResult, toTrackJson } from './track-output.js';

/** `postie track [--carrier ID] [--lang en|zh-HK|zh-CN] [--json] NUMBER...`: one-shot lookups, printed as they arrive. */
export async function trackCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      carrier: { type: 'string' },
      lang: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help || positionals.length === 0) {
    (values.help ? io.stdout : io.stderr).write(`${usageOf('track')}\n`);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const config = configOrReport(io);
  if (!config) return EXIT.config;
  const locale = (values.lang ?? config.defaults.locale) as Locale;
  if (!LOCALES.includes(locale)) {
    io.stderr.write(`postie track: --lang must be one of ${LOCALES.join(', ')}\n`);
    return EXIT.usage;
  }
  // Logs go to stderr: stdout carries the answers.
  const logger = loggerFor(config, 'stderr');
  // Lookups alone: the store's quota counters and the carriers' cache, no subscriptions.
  const app = await buildApp(config, { logger });
  try {
    const results = await app.lookups.tracking.trackNumbers(positionals, {
      locale,
      priority: 'interactive',
      ...(values.carrier ? { carrier: values.carrier } : {}),
      onResult: (result) =>
        io.stdout.write(
          `${values.json ? JSON.stringify(toTrackJson(result)) : `${formatTrackResult(result)}\n`}\n`,
        ),
    });
    return results.some((r) => r.outcome.kind === 'failed') ? EXIT.failed : EXIT.ok;
  } finally {
    await app.stop();
  }
}
