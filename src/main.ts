import type { AddressInfo } from 'node:net';
import { createBot } from './bot.js';
import type { Config } from './config.js';
import type { Frontend } from './domain/frontend.js';
import { SettingRefused } from './domain/setting-refused.js';
import { StoreUnavailableError } from './domain/store-unavailable.js';
import { startWithRetries } from './frontends/start-with-retries.js';
import { createHttpServer, type HttpServerOptions } from './http/http-server.js';
import { listenRefusal } from './http/listen-refusal.js';
import type { Logger } from './logger.js';
import { createPipeline, type Pipeline, type PipelineOptions } from './pipeline.js';
import { startWhenStoreReady } from './subscriptions/start-when-store-ready.js';
import { type Clock, systemClock } from './time/clock.js';
import { type StopOutcome, stopWithin } from './time/stop-within.js';

export interface App {
  /** Where the HTTP listener ended up (port 0 picks a free one). */
  readonly address: AddressInfo;
  /**
   * Settles when a platform refuses a setting (a bot token, the webhook URL), at start or later: Postie
   * cannot run as configured, and whoever started it should stop it and say so. Never settles otherwise.
   */
  readonly refused: Promise<SettingRefused>;
  /**
   * Stops intake (front-ends), then the scheduler and notifier, the pipeline and the listener, within
   * `SHUTDOWN_TIMEOUT_MS` (`stopWithin`): calls still waiting on a platform near the end are given up,
   * and what they carried stays durable (a notification in the outbox). Safe to call twice.
   */
  stop(): Promise<StopOutcome>;
}

/**
 * The composition root: builds every part from the parsed configuration and owns shutdown. Modules
 * receive what they need as arguments and read no globals; this is the only place that knows them all.
 *
 * Start-up order: the pipeline (store → carrier registry → queue), the bot core and subscription engine,
 * the HTTP listener with its routes (health, webhooks), the front-ends, then the engine (scheduler and
 * notifier, writing through the front-ends' channels). Shutdown runs the other way: stop intake
 * (front-ends), stop the scheduler and notifier, close the pipeline (queue, store), close the listener.
 *
 * A listener that cannot bind fails the start with a `SettingRefused` naming HTTP_PORT or HTTP_HOST, and
 * so does a SQLite file that cannot be opened (naming STORE_URL). A front-end that cannot reach its
 * platform is tried again with back-off while everything else runs (the engine starts once each
 * front-end's first try is over); one whose platform refuses its token settles `App.refused`.
 *
 * A Redis that cannot be reached at start is no reason to stop: the listener and the front-ends start
 * (the operator sees `/healthz` answer 503, chats hear "temporarily unavailable"), the connection keeps
 * trying, and the engine starts once the store is ready. `/healthz` answers 200 `{"status":"ok"}` only
 * while the store is ready, else 503 `{"status":"unavailable","store":"<state>"}`.
 */
export interface AppOptions {
  /** @defaultValue the system clock (tests run whole processes on a faster one) */
  readonly clock?: Clock;
  /** The HTTP listener's time limits (tests shorten them). @defaultValue those of `createHttpServer` */
  readonly http?: Omit<HttpServerOptions, 'logger'>;
  /**
   * What measures the deadlines of calls to Telegram and Discord, the waits between front-end start
   * tries and between reconnections to the store: real time even when `clock` runs faster.
   * @defaultValue the system clock
   */
  readonly deadlineClock?: Clock;
  /**
   * Aborted when the start should not wait any longer (SIGTERM while starting): `startApp` resolves
   * without waiting for the front-ends' first tries, and the caller stops the app next.
   */
  readonly signal?: AbortSignal;
}

export async function startApp(config: Config, logger: Logger, options: AppOptions = {}): Promise<App> {
  for (const reason of config.disabled) logger.info({ disabled: reason }, 'not configured, switched off');
  const clock = options.clock ?? systemClock;
  const deadlineClock = options.deadlineClock ?? systemClock;
  const pipeline = await openPipeline(config, logger, { clock, storeRetryClock: deadlineClock });
  logger.info({ adapters: [...pipeline.enabledAdapters] }, 'carrier adapters ready');
  const { core, engine } = createBot(pipeline, {
    clock,
    logger,
    defaults: { locale: config.defaults.locale, timeZone: config.defaults.timezone },
    fairShare: config.lookups,
  });

  const http = createHttpServer({ ...options.http, logger: logger.child({ stage: 'http' }) });
  http.route('GET', '/healthz', (_req, res) => {
    const store = pipeline.store.state;
    const [status, body] =
      store === 'ready' ? [200, { status: 'ok' }] : [503, { status: 'unavailable', store }];
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });

  let refuse: (refusal: SettingRefused) => void = () => undefined;
  const refused = new Promise<SettingRefused>((resolve) => {
    refuse = resolve;
  });
  // A front-end's module (and its framework: telegraf, discord.js) loads only when it is configured.
  const frontends: Frontend[] = [];
  if (config.telegram) {
    const { createTelegramFrontend } = await import('./frontends/telegram/index.js');
    frontends.push(
      createTelegramFrontend({
        config: config.telegram,
        core,
        http,
        logger,
        clock,
        deadlineClock,
        onRefused: refuse,
      }),
    );
  }
  if (config.discord) {
    const { createDiscordFrontend } = await import('./frontends/discord/index.js');
    frontends.push(createDiscordFrontend({ config: config.discord, core, logger, clock, deadlineClock }));
  }
  if (frontends.length === 0) {
    logger.warn('no chat front-end is running: set TELEGRAM_BOT_TOKEN or DISCORD_TOKEN (see .env.example)');
  }

  for (const frontend of frontends) if (frontend.notifications) engine.addChannel(frontend.notifications);

  let address: AddressInfo;
  try {
    address = await http.listen(config.http.port, config.http.host);
  } catch (error) {
    await pipeline.close();
    throw listenRefusal(error, { port: 'HTTP_PORT', host: 'HTTP_HOST' }) ?? error;
  }
  const stopStarting = new AbortController();
  const starts = frontends.map((frontend) =>
    startWithRetries(frontend, { clock: deadlineClock, logger, signal: stopStarting.signal }),
  );
  const started = starts.map(({ started }) =>
    started.catch((error: unknown) => {
      if (error instanceof SettingRefused) refuse(error);
      else logger.error({ err: error }, 'a front-end failed to start');
      return false;
    }),
  );
  const givenUp = new Promise<void>((resolve) => {
    if (options.signal?.aborted) resolve();
    options.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  await Promise.race([Promise.all(starts.map((s) => s.firstTry)), givenUp]);
  const engineStarted = startWhenStoreReady(engine, {
    store: pipeline.store,
    clock: deadlineClock,
    logger,
    signal: stopStarting.signal,
  });
  // With the store there, Postie is whole once started; else the engine follows the store in the background.
  if (pipeline.store.state === 'ready') await engineStarted;
  const engineSettled = engineStarted.catch((error: unknown) => {
    logger.error({ err: error }, 'subscriptions failed to start');
    return false;
  });
  logger.info(
    {
      host: address.address,
      port: address.port,
      frontends: frontends.map((f) => f.id),
      store: pipeline.store.state,
    },
    'Postie is running',
  );

  let stopping: Promise<StopOutcome> | undefined;
  const timeoutMs = config.shutdown.timeoutMs;
  const onAbandon = () =>
    logger.warn(
      { timeoutMs },
      'shutdown is running out of time: giving up calls under way (unsent notifications stay in the outbox)',
    );
  return {
    address,
    refused,
    stop() {
      stopping ??= stopWithin({ clock: deadlineClock, timeoutMs, onAbandon }, async (abandon) => {
        try {
          stopStarting.abort();
          for (const frontend of frontends) await frontend.stop(abandon);
          await Promise.all(started);
          await engineSettled;
          await engine.stop();
          await pipeline.close();
          await http.close();
        } catch (error) {
          logger.error({ err: error }, 'a part of Postie failed to stop');
        }
      }).then((outcome) => {
        logger.info({ outcome }, 'stopped');
        return outcome;
      });
      return stopping;
    },
  };
}

/**
 * The pipeline, or the refusal of STORE_URL when its SQLite file cannot be opened (a folder that cannot
 * be made, a file this release does not read): one line naming the setting and the path, exit 78.
 */
async function openPipeline(config: Config, logger: Logger, options: PipelineOptions): Promise<Pipeline> {
  try {
    return await createPipeline(config, logger, options);
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
    throw new SettingRefused(
      'STORE_URL',
      `${error.message}: check STORE_URL, and that Postie may write there`,
    );
  }
}
