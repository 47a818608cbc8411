import { parseArgs } from 'node:util';
import { statusFromStore } from '../app/store-status.js';
import type { Config } from '../config.js';
import type { StatusReport } from '../domain/status-report.js';
import { PLAIN, toConsoleText } from '../frontends/console/markup.js';
import { createRenderer } from '../render/create-renderer.js';
import { systemClock } from '../time/clock.js';
import type { CliIo } from './cli-io.js';
import { EXIT } from './exit-codes.js';
import { usageOf } from './help.js';
import { configOrReport, loggerFor } from './load-config.js';
import { parseStatusReport } from './status-report-schema.js';

/** How long the running instance has to answer before the store alone is read. */
const INSTANCE_TIMEOUT_MS = 3_000;

/**
 * `postie status [--json]`: asks the running Postie (`GET /status.json` on HTTP_HOST:HTTP_PORT, with
 * METRICS_TOKEN when set) and, when none answers, reads the store alone (`statusFromStore`). Prints
 * per carrier the quota used and left today and in its windows, the requests of the last 24 hours, the
 * queue and breaker, the subscriptions by state, the outbox and the last poll pass, in DEFAULT_LOCALE;
 * or the report as JSON.
 */
export async function statusCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    io.stdout.write(`${usageOf('status')}\n`);
    return EXIT.ok;
  }
  const config = configOrReport(io);
  if (!config) return EXIT.config;
  const logger = loggerFor(config, 'stderr');
  const report = (await fromInstance(config)) ?? (await statusFromStore(config, logger, systemClock));
  if (values.json) {
    io.stdout.write(`${JSON.stringify(report)}\n`);
  } else {
    const view = {
      locale: config.defaults.locale,
      timeZone: config.defaults.timezone,
      now: Date.now(),
      chatKind: 'private' as const,
    };
    io.stdout.write(`${toConsoleText(createRenderer().status(report, view), PLAIN)}\n`);
  }
  return EXIT.ok;
}

/** The running instance's report, or undefined when none answers (or it refuses the token). */
async function fromInstance(config: Config): Promise<StatusReport | undefined> {
  const host = LOOPBACK[config.http.host] ?? config.http.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${config.http.port}/status.json`;
  const token = config.ops.metricsToken;
  try {
    const response = await fetch(url, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(INSTANCE_TIMEOUT_MS),
    });
    if (!response.ok) return undefined;
    return parseStatusReport(await response.json());
  } catch {
    return undefined;
  }
}

/** Listening on every interface is reachable on loopback. */
const LOOPBACK: Readonly<Record<string, string>> = { '0.0.0.0': '127.0.0.1', '::': '::1' };
