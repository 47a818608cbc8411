import type { AddressInfo } from 'node:net';
import type { Config } from '../config.js';
import type { StatusAccess } from '../core/bot-core-deps.js';
import type { SettingRefused } from '../domain/setting-refused.js';
import type { HttpServerOptions } from '../http/http-server.js';
import type { Logger } from '../logger.js';
import { pollCredits } from '../ops/credits-poller.js';
import { observeAdapter, observeTracking } from '../ops/observed-carriers.js';
import { observeChannel } from '../ops/observed-channel.js';
import { observeStore } from '../ops/observed-store.js';
import type { OperatorViews } from '../ops/operator-views.js';
import { createRequestHistory } from '../ops/request-history.js';
import { createStatusReporter, type StatusReporter } from '../ops/status-reporter.js';
import { announcePresence, type InstancePresence, instanceId } from '../store/instance-presence.js';
import type { StoreBackend } from '../store/store-backend.js';
import { startWhenStoreReady } from '../subscriptions/start-when-store-ready.js';
import { type Clock, systemClock } from '../time/clock.js';
import type { StopOutcome } from '../time/stop-within.js';
import { type Bot, type BotOptions, createBot } from './bot.js';
import { type Lookups, openLookups } from './lookups.js';
import { openStore } from './open-store.js';
import { serveChats } from './serve-chats.js';
import { stopOnce } from './stop-once.js';

export interface AppOptions {
  readonly logger: Logger;
  /** @defaultValue the system clock (tests and `postie demo` run on one they move) */
  readonly clock?: Clock;
  /**
   * What measures the deadlines of calls to Telegram and Discord, the waits between front-end start
   * tries, between reconnections to the store, and the stop's time limit: real time even when `clock`
   * runs faster. @defaultValue the system clock
   */
  readonly deadlineClock?: Clock;
  /** The queue's randomness (retry back-off jitter). @defaultValue Math.random */
  readonly random?: () => number;
  /** The bot people talk to, and its subscriptions. Without it (nor front-ends), lookups alone. */
  readonly bot?: BotOptions;
  /**
   * `configured`: the chat platforms whose tokens are set, with the HTTP listener they and the operator
   * use (`/healthz`, `/readyz`, `/metrics`, the status page, webhooks) on HTTP_PORT and HTTP_HOST. Brings
   * the bot, and the metrics (prom-client, loaded for this only).
   */
  readonly frontends?: 'configured';
  /** The HTTP listener's time limits (tests shorten them). @defaultValue those of `createHttpServer` */
  readonly http?: Omit<HttpServerOptions, 'logger'>;
  /**
   * Aborted when the start should not wait any longer (SIGTERM while starting): `buildApp` resolves
   * without waiting for the front-ends' first tries, and the caller stops the app next.
   */
  readonly signal?: AbortSignal;
}

/** Postie as a command asked for it, running. */
export interface App {
  /** The store `STORE_URL` names: one connection for the process. */
  readonly store: StoreBackend;
  readonly lookups: Lookups;
  /**
   * Stops intake (front-ends), then the subscriptions (scheduler and notifier), the carriers (their
   * lookups have ended with their callers), the store and the listener, within `SHUTDOWN_TIMEOUT_MS`
   * (`stopWithin`): calls still waiting on a platform near the end are given up, and what they carried
   * stays durable (a notification in the outbox). Safe to call twice.
   */
  stop(): Promise<StopOutcome>;
}

/** With the bot: `postie chat` and `postie demo` talk to its core. */
export interface BotApp extends App {
  readonly bot: Bot;
}

/** Serving chats: `postie start`. */
export interface ServingApp extends BotApp {
  /** Where the HTTP listener ended up (port 0 picks a free one). */
  readonly address: AddressInfo;
  /**
   * Settles when a platform refuses a setting (a bot token, the webhook URL), at start or later: Postie
   * cannot run as configured, and whoever started it should stop it and say so. Never settles otherwise.
   */
  readonly refused: Promise<SettingRefused>;
}

/**
 * The composition root: builds the parts a command asks for from the parsed configuration, starts them,
 * and owns their shutdown. Modules receive what they need as arguments and read no globals; this is the
 * only place that knows them all.
 *
 * - Lookups alone (`postie track`): the store, the carrier adapters, their queue and the tracking
 *   service. No subscription store, no chat settings.
 * - `bot` (`postie chat`, `postie demo`): the bot core and the subscription engine on top, the engine
 *   started once the store answers.
 * - `frontends: 'configured'` (`postie start`): the bot, the HTTP listener with its routes, and the
 *   front-ends, tried again with back-off while everything else runs; the engine starts once each
 *   front-end's first try is over, writing through their channels.
 *
 * Shutdown runs the other way (see {@link App.stop}). A listener that cannot bind fails the start with a
 * `SettingRefused` naming HTTP_PORT or HTTP_HOST, and so does a SQLite file that cannot be opened (naming
 * STORE_URL); a platform refusing its token settles `ServingApp.refused`. A Redis that cannot be reached
 * is no reason to stop: the rest starts (`/readyz` answers 503, chats hear "temporarily unavailable"),
 * the connection keeps trying, and the engine starts once the store is ready.
 */
export async function buildApp(
  config: Config,
  options: AppOptions & { readonly frontends: 'configured' },
): Promise<ServingApp>;
export async function buildApp(
  config: Config,
  options: AppOptions & { readonly bot: BotOptions },
): Promise<BotApp>;
export async function buildApp(config: Config, options: AppOptions): Promise<App>;
export async function buildApp(config: Config, options: AppOptions): Promise<App | ServingApp> {
  const { logger } = options;
  const serve = options.frontends === 'configured';
  const clock = options.clock ?? systemClock;
  const deadlineClock = options.deadlineClock ?? systemClock;
  for (const reason of config.disabled) {
    logger[serve ? 'info' : 'debug']({ disabled: reason }, 'not configured, switched off');
  }

  // What operators see (metrics, the status page) is for `postie start` only: it loads prom-client.
  const views: OperatorViews | undefined = serve
    ? (await import('../ops/operator-views.js')).createOperatorViews({
        ...(config.ops.metricsToken ? { token: config.ops.metricsToken } : {}),
      })
    : undefined;
  const telemetry = views?.telemetry;
  const opened = await openStore(config, logger, deadlineClock);
  const store = telemetry ? observeStore(opened, telemetry, deadlineClock) : opened;
  // The status page's charts: every instance's requests per hour, on the store's counters.
  const history = views
    ? createRequestHistory({ counters: store.counters, clock: deadlineClock, logger })
    : undefined;
  const lookups = await openLookups(config, store, {
    clock,
    logger,
    random: options.random ?? Math.random,
    ...(telemetry
      ? {
          observe: {
            adapter: (adapter) => observeAdapter(adapter, telemetry, deadlineClock, history),
            tracking: (tracking) => observeTracking(tracking, telemetry),
            laneWait: (adapter, priority, waitedMs) => telemetry.laneWait(adapter, priority, waitedMs / 1000),
          },
        }
      : {}),
  }).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  const closeLookups = async () => {
    await lookups.close();
    await store.close();
  };
  const stopping = { config, logger, deadlineClock, announce: serve };
  if (!serve && !options.bot) return { store, lookups, stop: stopOnce(stopping, closeLookups) };

  if (serve) logger.info({ adapters: [...lookups.enabledAdapters] }, 'carrier adapters ready');
  let reporter: StatusReporter | undefined;
  const status: StatusAccess = {
    admins: new Set(config.ops.adminChats),
    report: async () => {
      if (!reporter) throw new Error('the status report is not ready yet');
      return reporter.report({ history: true });
    },
  };
  const bot = createBot(
    {
      lookups,
      store,
      clock,
      logger,
      defaults: { locale: config.defaults.locale, timeZone: config.defaults.timezone },
    },
    { fairShare: config.lookups, budgetShare: config.polling.budgetShare, status, ...options.bot },
  );
  // The carriers' paid credits (TrackingMore), read rarely while Postie serves.
  const credits = serve ? pollCredits({ readers: lookups.credits, clock: deadlineClock, logger }) : undefined;
  reporter = createStatusReporter({
    source: 'instance',
    store,
    carriers: lookups.limits,
    usage: (adapter) => lookups.queue.usage(adapter),
    lane: (adapter) => lookups.queue.stats(adapter),
    subscriptions: bot.subscriptionStore,
    quietNow: bot.quietNow,
    clock,
    ...(views ? { lastPollPassAt: () => views.lastPollPassAt() } : {}),
    ...(credits ? { credits: (adapter) => credits.get(adapter) } : {}),
    ...(history ? { history } : {}),
  });
  const instanceReporter = reporter;
  // This run among the instances sharing a Redis store: front-ends held through leases, pending updates
  // and interactions owned by the run that took them. The embedded store has one process: none of it.
  const presence: InstancePresence | undefined =
    serve && store.kind === 'shared'
      ? announcePresence({
          leases: store.leases,
          shared: true,
          self: instanceId(config.instance.name),
          clock: deadlineClock,
          leaseMs: config.instance.leaseMs,
          logger,
        })
      : undefined;
  const serving = serve
    ? await serveChats(config, {
        bot,
        store,
        logger,
        clock,
        deadlineClock,
        ...(presence ? { presence } : {}),
        ...(options.http ? { http: options.http } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(views && telemetry && history
          ? {
              routes: (http) =>
                views.routes(http, instanceReporter, (adapter) => lookups.queue.stats(adapter), history),
              observeChannel: (channel) => observeChannel(channel, telemetry),
              onRateLimited: (platform) => telemetry.platformRateLimited(platform),
            }
          : {}),
      }).catch(async (error: unknown) => {
        await presence?.stop();
        await credits?.stop();
        await closeLookups();
        throw error;
      })
    : undefined;

  const stopStarting = new AbortController();
  const engineStarted = startWhenStoreReady(bot.engine, {
    store,
    clock: deadlineClock,
    logger,
    signal: stopStarting.signal,
  });
  // With the store there, Postie is whole once started; else the engine follows the store in the background.
  if (store.state === 'ready') await engineStarted;
  const engineSettled = engineStarted.catch((error: unknown) => {
    logger.error({ err: error }, 'subscriptions failed to start');
    return false;
  });
  const stop = stopOnce(stopping, async (abandon) => {
    stopStarting.abort();
    await serving?.stopIntake(abandon);
    // Released: what this run leaves pending is any other instance's to answer at once.
    await presence?.stop();
    await engineSettled;
    await bot.engine.stop();
    await credits?.stop();
    await closeLookups();
    await serving?.close();
  });
  if (!serving) return { store, lookups, bot, stop };
  logger.info(
    {
      host: serving.address.address,
      port: serving.address.port,
      frontends: serving.frontends.map((f) => f.id),
      store: store.state,
      instance: presence?.self,
    },
    'Postie is running',
  );
  return { store, lookups, bot, address: serving.address, refused: serving.refused, stop };
}
