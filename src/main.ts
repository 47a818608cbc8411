import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { createPipeline } from './pipeline.js';
import { createHttpServer } from './http/http-server.js';
import type { Logger } from './logger.js';

/** A front-end (Telegram, Discord, …): started after the core is built, stopped first on shutdown. */
export interface Frontend {
  readonly id: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface App {
  /** Where the HTTP listener ended up (port 0 picks a free one). */
  readonly address: AddressInfo;
  /** Stops intake (front-ends), then the HTTP listener; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The composition root: builds every part from the parsed configuration and owns shutdown. Modules
 * receive what they need as arguments and read no globals; this is the only place that knows them all.
 *
 * Start-up order: HTTP listener, then the pipeline (store → carrier registry → queue → core → scheduler,
 * as each lands), then the front-ends. Shutdown runs the other way: stop intake (front-ends), stop the
 * scheduler, drain the queue, close the store, close the listener.
 */
export async function startApp(config: Config, logger: Logger): Promise<App> {
  for (const reason of config.disabled) logger.info({ disabled: reason }, 'not configured, switched off');
  const pipeline = createPipeline(config, logger);
  logger.info({ adapters: [...pipeline.enabledAdapters] }, 'carrier adapters ready');

  // Front-ends are created here from `config.telegram` / `config.discord` and given `pipeline`.
  const frontends: Frontend[] = [];
  if (frontends.length === 0) {
    logger.warn('no chat front-end is running: set TELEGRAM_BOT_TOKEN or DISCORD_TOKEN (see .env.example)');
  }

  const http = createHttpServer((error) => logger.error({ err: error }, 'HTTP handler failed'));
  http.route('GET', '/healthz', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok' }));
  });
  const address = await http.listen(config.http.port);
  for (const frontend of frontends) await frontend.start();
  logger.info({ port: address.port, frontends: frontends.map((f) => f.id) }, 'Postie is running');

  let stopping: Promise<void> | undefined;
  return {
    address,
    stop() {
      stopping ??= (async () => {
        for (const frontend of frontends) await frontend.stop();
        await pipeline.close();
        await http.close();
        logger.info('stopped');
      })();
      return stopping;
    },
  };
}
