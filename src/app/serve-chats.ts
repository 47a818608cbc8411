import type { AddressInfo } from 'node:net';
import type { Config } from '../config.js';
import type { Platform } from '../domain/chat.js';
import type { Frontend, FrontendLease } from '../domain/frontend.js';
import type { NotificationChannel } from '../domain/notification-channel.js';
import { SettingRefused } from '../domain/setting-refused.js';
import { startWithRetries } from '../frontends/start-with-retries.js';
import { createHttpServer, type HttpServer, type HttpServerOptions } from '../http/http-server.js';
import { listenRefusal } from '../http/listen-refusal.js';
import type { Logger } from '../logger.js';
import { type FrontendState, readiness } from '../ops/readiness.js';
import type { InstancePresence } from '../store/instance-presence.js';
import type { StoreBackend } from '../store/store-backend.js';
import type { Clock } from '../time/clock.js';
import type { Bot } from './bot.js';
import { configuredFrontends } from './configured-frontends.js';

export interface ServeDeps {
  readonly bot: Bot;
  readonly store: Pick<StoreBackend, 'state' | 'namespace' | 'lock'>;
  /** This run among the instances sharing the store (`/readyz` names it and the leases it holds or waits for). */
  readonly presence?: InstancePresence;
  readonly logger: Logger;
  readonly clock: Clock;
  /** What measures the platforms' call deadlines and the waits between start tries: real time. */
  readonly deadlineClock: Clock;
  readonly http?: Omit<HttpServerOptions, 'logger'>;
  /** Aborted when the start should wait no longer for the front-ends' first tries. */
  readonly signal?: AbortSignal;
  /** More routes on the listener (`/metrics`, the status page), registered before it listens. */
  readonly routes?: (http: HttpServer) => void;
  /** What each front-end's notification channel is wrapped in before the engine gets it (counting). */
  readonly observeChannel?: (channel: NotificationChannel) => NotificationChannel;
  /** A platform answered 429. */
  readonly onRateLimited?: (platform: Platform) => void;
}

/** The chats served: the HTTP listener and the configured front-ends, started. */
export interface Serving {
  readonly address: AddressInfo;
  readonly frontends: readonly Frontend[];
  /** Settles when a platform refuses a setting, at start or later; never otherwise. */
  readonly refused: Promise<SettingRefused>;
  /** Stops trying to start front-ends, stops each one and waits for its work under way. */
  stopIntake(abandon: AbortSignal): Promise<void>;
  /** Closes the listener. */
  close(): Promise<void>;
}

/**
 * The HTTP listener on HTTP_PORT and HTTP_HOST with `/healthz` (alive: 200 `{"status":"ok"}` while the
 * process answers), `/readyz` (200 when the store answers, every front-end is connected and Postie is
 * not stopping, else 503, the body naming what is not ready: `readiness.ts`) and the front-ends' routes,
 * then each configured front-end, offering its notification channel to the bot's engine and started
 * with retries (`startWithRetries`). Resolves once every front-end's first try is over, or `signal`
 * aborts. A listener that cannot bind rejects with a `SettingRefused` naming HTTP_PORT or HTTP_HOST.
 */
export async function serveChats(config: Config, deps: ServeDeps): Promise<Serving> {
  const { bot, logger } = deps;
  const http = createHttpServer({ ...deps.http, logger: logger.child({ stage: 'http' }) });
  const states = new Map<string, FrontendState>();
  let stopping = false;
  http.route('GET', '/healthz', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok' }));
  });
  http.route('GET', '/readyz', (_req, res) => {
    const { ready, body } = readiness({
      store: deps.store,
      frontends: () => states,
      stopping: () => stopping,
      ...(deps.presence ? { instance: deps.presence.self } : {}),
      leases: () => frontendLeases(frontends),
    });
    res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  deps.routes?.(http);

  let refuse: (refusal: SettingRefused) => void = () => undefined;
  const refused = new Promise<SettingRefused>((resolve) => {
    refuse = resolve;
  });
  const frontends = await configuredFrontends(config, {
    core: bot.core,
    store: deps.store,
    ...(deps.presence ? { presence: deps.presence } : {}),
    http,
    logger,
    clock: deps.clock,
    deadlineClock: deps.deadlineClock,
    onRefused: refuse,
    ...(deps.onRateLimited ? { onRateLimited: deps.onRateLimited } : {}),
  });
  if (frontends.length === 0) {
    logger.warn('no chat front-end is running: set TELEGRAM_BOT_TOKEN or DISCORD_TOKEN (see .env.example)');
  }
  for (const frontend of frontends) {
    states.set(frontend.id, 'connecting');
    const channel = frontend.notifications;
    if (channel) bot.engine.addChannel(deps.observeChannel ? deps.observeChannel(channel) : channel);
  }

  let address: AddressInfo;
  try {
    address = await http.listen(config.http.port, config.http.host);
  } catch (error) {
    throw listenRefusal(error, { port: 'HTTP_PORT', host: 'HTTP_HOST' }) ?? error;
  }
  const stopStarting = new AbortController();
  const starts = frontends.map((frontend) =>
    startWithRetries(frontend, { clock: deps.deadlineClock, logger, signal: stopStarting.signal }),
  );
  const started = starts.map(({ started }, i) =>
    started
      .then((connected) => {
        if (connected) states.set(frontends[i]?.id ?? '', 'connected');
        return connected;
      })
      .catch((error: unknown) => {
        if (error instanceof SettingRefused) refuse(error);
        else logger.error({ err: error }, 'a front-end failed to start');
        return false;
      }),
  );
  const givenUp = new Promise<void>((resolve) => {
    if (deps.signal?.aborted) resolve();
    deps.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  await Promise.race([Promise.all(starts.map((s) => s.firstTry)), givenUp]);
  return {
    address,
    frontends,
    refused,
    async stopIntake(abandon) {
      stopping = true;
      stopStarting.abort();
      for (const frontend of frontends) {
        states.set(frontend.id, 'stopped');
        await frontend.stop(abandon);
      }
      await Promise.all(started);
    },
    close: () => http.close(),
  };
}

/** The lease each front-end holds or waits for, by front-end id. */
function frontendLeases(frontends: readonly Frontend[]): Map<string, FrontendLease> {
  const leases = new Map<string, FrontendLease>();
  for (const frontend of frontends) {
    const lease = frontend.lease?.();
    if (lease) leases.set(frontend.id, lease);
  }
  return leases;
}
