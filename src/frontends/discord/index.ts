import {
  Client,
  DefaultRestOptions,
  Events,
  GatewayIntentBits,
  Partials,
  RESTEvents,
  Routes,
} from 'discord.js';
import type { KeyedLock } from '../../collections/keyed-lock.js';
import type { DiscordConfig } from '../../config.js';
import type { BotCore } from '../../core/bot-core.js';
import type { Frontend } from '../../domain/frontend.js';
import { SettingRefused } from '../../domain/setting-refused.js';
import type { Logger } from '../../logger.js';
import type { InstancePresence } from '../../store/instance-presence.js';
import type { StoredCache } from '../../store/keyv-cache.js';
import { keepLease, type LeaseKeeper } from '../../store/lease-keeper.js';
import { type Clock, systemClock } from '../../time/clock.js';
import { withDeadline } from '../../time/deadline.js';
import { answerPending } from './answer-pending.js';
import { DiscordCallError, describeFailure, isTokenRefused, logFailure } from './discord-errors.js';
import { interactionHandler, messageHandler } from './handlers.js';
import { createDiscordNotificationChannel } from './notification-channel.js';
import { pendingInteractionsOn } from './pending-interactions.js';
import { commandsOutOfDate } from './register.js';

export { type RegisteredCommands, registerCommands } from './register.js';

export interface DiscordFrontendOptions {
  readonly config: DiscordConfig;
  readonly core: BotCore;
  /**
   * Where deferred slash commands are kept until answered (the pipeline's store), so that those a crash
   * interrupts are answered after the restart. @defaultValue nowhere: they are lost with the process
   */
  readonly store?: { namespace(name: string): StoredCache };
  readonly logger: Logger;
  /** For timings in the logs. @defaultValue the system clock */
  readonly clock?: Clock;
  /** What measures the deadline of each REST call. @defaultValue the system clock */
  readonly deadlineClock?: Clock;
  /**
   * How long one REST request may take before it fails, and the longest wait for a rate limit before a
   * call fails instead of waiting. @defaultValue 10 000 ms
   */
  readonly callTimeoutMs?: number;
  /**
   * How long logging in may take, to READY over the gateway, before the try counts as failed (Discord
   * sends HELLO at once and READY within seconds of IDENTIFY when it is well). @defaultValue 60 000 ms
   */
  readonly readyTimeoutMs?: number;
  /**
   * Discord refused the token while running (at a login after taking the gateway's lease over): the
   * front-end can do nothing more. @defaultValue logged at error by the lease keeper
   */
  readonly onRefused?: (refusal: SettingRefused) => void;
  /**
   * Discord answered 429 on a REST call, whether discord.js then waits and sends it again or fails it
   * (counted by the metrics). Not discord.js' own waits before a request it knows would be over a
   * route's limit: Discord answered nothing then.
   */
  readonly onRateLimited?: () => void;
  /**
   * This run among the instances sharing the store: the gateway (and with it the interactions and
   * messages Discord sends) is then held by one instance at a time through the lease
   * `discord-gateway:<application id>`; the others send notifications and answer what a dead instance
   * left pending by REST. @defaultValue one process alone: it logs in at start
   */
  readonly presence?: InstancePresence;
  /** Excludes instances claiming what a dead one left pending (the store's lock). @defaultValue none */
  readonly lock?: KeyedLock;
}

/**
 * Gateway intents (https://discord.com/developers/docs/events/gateway#gateway-intents), none privileged:
 * Guilds (servers and channels, so channel messages resolve), GuildMessages (mentions of the bot in server
 * channels) and DirectMessages (numbers pasted in a DM). Interactions need no intent. Message Content is
 * not asked for: Discord gives bots the text of DMs and of messages that mention them without it
 * (https://support-dev.discord.com/hc/en-us/articles/6383579033751), and those are the only messages
 * Postie answers; a reply to the bot that turned the mention off arrives without text and is ignored.
 */
const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];

/**
 * The Discord front-end: discord.js over the gateway, slash commands, buttons and DMs, translated to and
 * from the core. `config.apiRoot` points the REST client (and through `GET /gateway/bot`, the gateway)
 * elsewhere. Discord's rate limits are discord.js's business (per-route buckets, the global limit and
 * `Retry-After` are handled by its REST queue). `notifications` posts to channels and DMs unprompted
 * through the same client, once `start()` has logged in. With `presence` (instances sharing Redis),
 * `start()` checks the token by REST and the gateway is opened only while this instance holds its lease
 * (closed the moment it is lost); notifications and answers to what a dead instance left go by REST.
 */
export function createDiscordFrontend(options: DiscordFrontendOptions): Frontend {
  const { config, core } = options;
  const logger = options.logger.child({ frontend: 'discord' });
  const deadlineClock = options.deadlineClock ?? systemClock;
  const presence = options.presence;
  const pending = options.store ? pendingInteractionsOn(options.store, presence?.self) : undefined;
  const timeoutMs = options.callTimeoutMs ?? 10_000;
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  // Aborted when a shutdown can wait no longer: every request under way is given up.
  const halt = new AbortController();
  const deps = {
    core,
    logger,
    clock: options.clock ?? systemClock,
    ...(pending ? { pending } : {}),
    tokenClock: deadlineClock,
    givenUp: () => halt.signal.aborted,
  };
  let answering: Promise<void> | undefined;
  let gatewayLease: LeaseKeeper | undefined;
  // Aborted on stop: a login under way is given up.
  const stopped = new AbortController();
  const client = new Client({
    intents: INTENTS,
    // DM channels are not cached before their first message; without this their messages are dropped.
    partials: [Partials.Channel],
    rest: {
      api: config.apiRoot,
      // Each request has our deadline (below); discord.js's own timer (15 s by default, then up to three
      // retries) stays only as a backstop behind it, with one retry of a connection reset.
      makeRequest: (url, init) =>
        withDeadline(
          {
            clock: deadlineClock,
            timeoutMs,
            // The method only: interaction and webhook paths carry tokens.
            what: `Discord ${init.method ?? 'GET'}`,
            signal: init.signal ? AbortSignal.any([init.signal as AbortSignal, halt.signal]) : halt.signal,
          },
          (signal) => DefaultRestOptions.makeRequest(url, { ...init, signal }),
        ),
      timeout: timeoutMs * 2,
      retries: 1,
      // A rate limit longer than a call may take fails the call (a notification is retried later from
      // the outbox) instead of holding everything queued behind it.
      rejectOnRateLimit: (limit) => limit.timeToReset > timeoutMs,
    },
    allowedMentions: { parse: [] },
  });

  // The error boundary: the client's own errors are logged, never thrown; each handler catches its own.
  client.on(Events.Error, (error) => logFailure(logger, error, { source: 'client' }));
  client.on(Events.ShardError, (error, shard) => logFailure(logger, error, { source: 'gateway', shard }));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord.js warning'));
  // Each answer Discord gives, before discord.js acts on it: a 429 is then waited out and sent again, or
  // rejected (above). discord.js' `rateLimited` event is no help here: @discordjs/rest 2.x emits it only
  // when it holds a request back itself (its bucket said none were left), never for a 429 answered.
  client.rest.on(RESTEvents.Response, (_request, response) => {
    if (response.status === 429) options.onRateLimited?.();
  });
  client.on(Events.InteractionCreate, interactionHandler(deps));
  client.on(
    Events.MessageCreate,
    messageHandler(deps, () => client.user?.id),
  );

  /** Logs in over the gateway, until READY; a failure takes the half-made connection down again. */
  async function login(signal: AbortSignal): Promise<void> {
    let onReady: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => {
      onReady = () => resolve();
      client.once(Events.ClientReady, onReady);
    });
    try {
      // Logging in asks REST for the gateway (with its deadline); READY comes over the gateway.
      await withDeadline(
        { clock: deadlineClock, timeoutMs: readyTimeoutMs, what: 'Discord login', signal },
        async () => {
          await client.login(config.token);
          await ready;
        },
      );
    } catch (error) {
      client.off(Events.ClientReady, onReady);
      // A half-made connection is taken down, so that the next try starts clean.
      await leaveGateway();
      if (isTokenRefused(error))
        throw new SettingRefused('DISCORD_TOKEN', 'Discord refused the bot token (401): check DISCORD_TOKEN');
      throw new DiscordCallError('login', error);
    }
    logger.info({ user: client.user?.id, guilds: client.guilds.cache.size }, 'connected to Discord');
  }

  /** Closes the gateway; REST keeps its token (notifications and pending answers go on without it). */
  async function leaveGateway(): Promise<void> {
    await client.destroy();
    if (presence && !stopped.signal.aborted) client.rest.setToken(config.token);
  }

  const answerLeft = () =>
    pending
      ? answerPending({
          client,
          applicationId: config.applicationId,
          core,
          pending,
          logger,
          clock: deadlineClock,
          givenUp: deps.givenUp,
          ...(presence ? { owners: presence } : {}),
          ...(options.lock ? { lock: options.lock } : {}),
        }).catch((error: unknown) =>
          logger.warn({ failure: describeFailure(error) }, 'the pending Discord commands could not be read'),
        )
      : Promise.resolve();

  /** Every lease period, answers what an instance that died since left pending. */
  async function adoptWhileRunning(shared: InstancePresence): Promise<void> {
    await answerLeft();
    while (!stopped.signal.aborted) {
      await shared.clock.sleep(shared.leaseMs, stopped.signal).catch(() => undefined);
      if (stopped.signal.aborted) return;
      await answerLeft();
    }
  }

  /** Without the gateway: the token checked by REST (a refused one ends the tries), then the lease waited for. */
  async function startShared(shared: InstancePresence): Promise<void> {
    client.rest.setToken(config.token);
    try {
      await withDeadline(
        { clock: deadlineClock, timeoutMs, what: 'Discord GET', signal: stopped.signal },
        () => client.rest.get(Routes.user('@me')),
      );
    } catch (error) {
      if (isTokenRefused(error))
        throw new SettingRefused('DISCORD_TOKEN', 'Discord refused the bot token (401): check DISCORD_TOKEN');
      throw new DiscordCallError('login', error);
    }
    gatewayLease = keepLease({
      leases: shared.leases,
      name: `discord-gateway:${config.applicationId}`,
      holder: shared.self,
      clock: shared.clock,
      leaseMs: shared.leaseMs,
      logger,
      async hold(lost) {
        const closed = new Promise<void>((resolve) =>
          lost.addEventListener('abort', () => resolve(), { once: true }),
        );
        try {
          await login(AbortSignal.any([lost, stopped.signal]));
        } catch (error) {
          if (error instanceof SettingRefused) options.onRefused?.(error);
          throw error;
        }
        await closed;
        await leaveGateway();
        logger.info('left the Discord gateway: another instance holds it, or Postie is stopping');
      },
    });
    answering = shared.shared ? adoptWhileRunning(shared) : answerLeft();
    logger.info('Discord gateway held by one instance at a time: waiting for its lease');
  }

  return {
    id: 'discord',
    endpointSetting: 'DISCORD_API_ROOT',
    notifications: createDiscordNotificationChannel({ client, logger }),
    lease: () => (gatewayLease ? { name: 'discord-gateway', state: gatewayLease.state } : undefined),
    async start() {
      if (stopped.signal.aborted) throw new Error('the Discord front-end cannot start once stopped');
      if (presence) await startShared(presence);
      else {
        await login(stopped.signal);
        if (client.isReady()) answering = answerLeft();
      }
      void commandsOutOfDate(client.rest, config, core).then(
        (names) => {
          if (names.length > 0) {
            logger.warn(
              { commands: names },
              'slash commands are not registered as derived: run postie discord:register',
            );
          }
        },
        (error: unknown) =>
          logger.warn({ failure: describeFailure(error) }, 'could not check the slash commands'),
      );
    },
    async stop(abandon) {
      stopped.abort(new Error('the Discord front-end stopped'));
      const giveUp = () => halt.abort(new Error('shutdown: Discord requests under way were given up'));
      if (abandon?.aborted) giveUp();
      else abandon?.addEventListener('abort', giveUp, { once: true });
      await gatewayLease?.stop();
      await client.destroy();
      await answering;
    },
  };
}
