import { Telegraf } from 'telegraf';
import type { TelegramConfig } from '../../config.js';
import type { BotCore } from '../../core/bot-core.js';
import type { Frontend } from '../../domain/frontend.js';
import { SettingRefused } from '../../domain/setting-refused.js';
import type { HttpServer } from '../../http/http-server.js';
import type { Logger } from '../../logger.js';
import type { InstancePresence } from '../../store/instance-presence.js';
import { keepLease, type LeaseKeeper, LeaseLostError } from '../../store/lease-keeper.js';
import { type Clock, systemClock } from '../../time/clock.js';
import { createBotApi } from './bot-api.js';
import { createShowTyping } from './chat-action.js';
import { createChatAdmins } from './chat-admins.js';
import { publishCommandMenus } from './command-menu.js';
import { createDurableIntake } from './durable-intake.js';
import { createInlineAnswers } from './inline-answers.js';
import { createLongPolling, type LongPolling } from './long-polling.js';
import { createTelegramNotificationChannel } from './notification-channel.js';
import { type PendingUpdatesStore, pendingUpdatesOn } from './pending-updates.js';
import { createSendLimiter } from './send-limiter.js';
import type { TelegramSendLimits } from './send-limits.js';
import { createSender } from './sender.js';
import { isTokenRefused, loggableError, TelegramCallError } from './telegram-errors.js';
import { ALLOWED_UPDATES, type BotIdentity } from './telegram-updates.js';
import { createUpdateIntake, logUpdateFailure } from './update-intake.js';
import { serveWebhook, webhookPath, webhookSecret, webhookUrl } from './webhook.js';

export interface TelegramFrontendDeps {
  readonly config: TelegramConfig;
  readonly core: BotCore;
  /** Where updates taken and not yet answered are kept (`pending-updates.ts`): the pipeline's store. */
  readonly store: PendingUpdatesStore;
  /** The process's HTTP listener; the webhook route is registered on it when `config.webhook` is set. */
  readonly http: HttpServer;
  readonly logger: Logger;
  /** For waiting out 429s and pacing notifications. @defaultValue systemClock */
  readonly clock?: Clock;
  /** What notifications keep to (tests and benchmarks shorten the windows). @defaultValue TELEGRAM_SEND_LIMITS */
  readonly sendLimits?: TelegramSendLimits;
  /**
   * What measures the deadline of each Bot API call and the waits between failed polls; apart from
   * `clock` so that a test can skip 429 waits while calls take their real time. @defaultValue systemClock
   */
  readonly deadlineClock?: Clock;
  /**
   * How long a Bot API call may take before it counts as failed (a long poll gets its own wait on top).
   * Telegram answers in well under a second when it is well. @defaultValue 10 000 ms
   */
  readonly callTimeoutMs?: number;
  /**
   * Telegram refused a setting while running (the token was revoked): the front-end can do nothing more
   * and the composition root stops Postie. @defaultValue logged at error
   */
  readonly onRefused?: (refusal: SettingRefused) => void;
  /** Telegram answered 429 (counted by the metrics). */
  readonly onRateLimited?: () => void;
  /**
   * This run among the instances sharing the store: long polling is then held by one instance at a
   * time through the lease `telegram-polling:<bot id>`, and what a dead instance left pending is
   * adopted. @defaultValue one process alone: it polls, and replays whatever is pending at start
   */
  readonly presence?: InstancePresence;
}

/**
 * A failed start-up call as what to do about it: a {@link SettingRefused} naming the variable when no
 * retry can help (the token refused; the webhook URL refused by setWebhook), otherwise a
 * {@link TelegramCallError} (network, 5xx, 429, deadline), which a later try may get past. Neither
 * carries the request (setWebhook's has the secret token).
 */
function startFailure(method: string, error: unknown): SettingRefused | TelegramCallError {
  const failure = new TelegramCallError(method, error);
  if (isTokenRefused(error)) return tokenRefused(failure);
  if (method === 'setWebhook' && failure.code === 400)
    return new SettingRefused('TELEGRAM_WEBHOOK_URL', `${failure.message}: check TELEGRAM_WEBHOOK_URL`);
  return failure;
}

const tokenRefused = (failure: TelegramCallError) =>
  new SettingRefused('TELEGRAM_BOT_TOKEN', `${failure.message}: check TELEGRAM_BOT_TOKEN`);

/**
 * The Telegram front-end (telegraf): long polling, or a webhook on our HTTP listener when
 * `config.webhook` is set; `config.apiRoot` may name a self-hosted Bot API server. `start()` checks the
 * token (getMe), publishes the command menus and begins taking updates; `stop()` stops taking updates
 * and waits for those under way to be answered. `notifications` writes to chats unprompted, paced to
 * Telegram's send limits (`sendLimits`), sharing the sender (and each chat's order) with the replies.
 * With `presence` (instances sharing Redis), long polling runs only while this instance holds its lease
 * and stops the moment it is lost; webhook calls are taken by any instance.
 */
export function createTelegramFrontend(deps: TelegramFrontendDeps): Frontend {
  const { config, core } = deps;
  const logger = deps.logger.child({ frontend: 'telegram' });
  const bot = new Telegraf(config.token, { telegram: { apiRoot: config.apiRoot } });
  const shutdown = new AbortController();
  // Aborted when a shutdown can wait no longer: every call under way is given up.
  const halt = new AbortController();
  const clock = deps.clock ?? systemClock;
  const deadlineClock = deps.deadlineClock ?? systemClock;
  const callApi = createBotApi({
    telegram: bot.telegram,
    clock: deadlineClock,
    timeoutMs: deps.callTimeoutMs ?? 10_000,
    halt: halt.signal,
  });
  const limiter = createSendLimiter({
    clock,
    signal: shutdown.signal,
    ...(deps.sendLimits ? { limits: deps.sendLimits } : {}),
  });
  const sender = createSender({
    calls: {
      sendMessage: (payload) => callApi('sendMessage', payload),
      editMessageText: (payload) => callApi('editMessageText', payload),
    },
    clock,
    logger,
    signal: shutdown.signal,
    limiter,
    ...(deps.onRateLimited ? { onRateLimited: deps.onRateLimited } : {}),
  });
  const onFailure = logUpdateFailure(logger);
  const onRefused =
    deps.onRefused ??
    ((refusal: SettingRefused) => logger.error({ setting: refusal.setting }, refusal.message));
  const intake = createUpdateIntake({
    core,
    sender,
    logger,
    onFailure,
    admins: createChatAdmins({ callApi, clock }),
    typing: createShowTyping({ callApi, logger }),
    inline: createInlineAnswers({ core, callApi }),
    givenUp: () => halt.signal.aborted,
    answerQuery: (id) =>
      callApi('answerCallbackQuery', { callback_query_id: id }).then(
        () => undefined,
        (error: unknown) =>
          logger.info({ error: loggableError(error) }, 'Telegram button press not answered'),
      ),
  });

  let state: 'created' | 'running' | 'stopping' | 'stopped' = 'created';
  let identity: BotIdentity | undefined;
  let polling: LongPolling | undefined;
  let polled: Promise<void> | undefined;
  let pollingLease: LeaseKeeper | undefined;
  let adopting: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;

  // Every update is recorded before Telegram is told it arrived, and handed to the intake, whose error
  // boundary (`onFailure`) catches whatever escapes it. While stopping, polling still hands over the
  // updates it fetched; they stay pending if the shutdown cannot wait for them.
  const presence = deps.presence;
  const durable = createDurableIntake({
    pending: pendingUpdatesOn(deps.store),
    ...(presence ? { owners: presence } : {}),
    ...(deps.store.lock ? { lock: deps.store.lock } : {}),
    handle: (update) => (identity ? intake.accept(update, identity) : Promise.resolve('dropped')),
    logger,
  });

  const secret = config.webhook ? webhookSecret(config.webhook.secret, config.token) : undefined;
  if (secret !== undefined) {
    serveWebhook(deps.http, {
      token: config.token,
      secret,
      accepting: () => state === 'running',
      onUpdate: (update) => durable.take(update),
      logger,
    });
  }

  /** Every lease period, answers what an instance that died since left pending. */
  async function adoptWhileRunning(shared: InstancePresence): Promise<void> {
    while (!shutdown.signal.aborted) {
      await shared.clock.sleep(shared.leaseMs, shutdown.signal).catch(() => undefined);
      if (shutdown.signal.aborted) return;
      await durable
        .adopt()
        .catch((error: unknown) =>
          logger.warn({ error: loggableError(error) }, 'the pending Telegram updates could not be read'),
        );
    }
  }

  return {
    id: 'telegram',
    endpointSetting: 'TELEGRAM_API_ROOT',
    lease: () => (pollingLease ? { name: 'telegram-polling', state: pollingLease.state } : undefined),
    notifications: createTelegramNotificationChannel({ sender }),
    async start() {
      if (state !== 'created') throw new Error(`the Telegram front-end cannot start once ${state}`);
      // A stop while starting ends the try: its calls are aborted with the shutdown signal.
      const step = async <T>(method: string, call: () => Promise<T>): Promise<T> => {
        try {
          return await call();
        } catch (error) {
          throw startFailure(method, error);
        }
      };
      const me = await step('getMe', () => callApi('getMe', {}, shutdown.signal));
      identity = { id: me.id, username: me.username };
      // getMe says whether BotFather's /setinline was done (https://core.telegram.org/bots/api#user).
      if (!me.supports_inline_queries)
        logger.info({ bot: me.username }, 'inline mode is off: send /setinline to @BotFather to turn it on');
      await publishCommandMenus(
        (payload) => callApi('setMyCommands', payload, shutdown.signal),
        core,
        logger,
      );
      // Updates come by webhook or by getUpdates, never both: a webhook left from before would make
      // every poll fail with 409.
      const webhook = config.webhook && secret !== undefined ? config.webhook : undefined;
      if (webhook && secret !== undefined) {
        await step('setWebhook', () =>
          callApi(
            'setWebhook',
            {
              url: webhookUrl(webhook.url, config.token),
              secret_token: secret,
              allowed_updates: [...ALLOWED_UPDATES],
            },
            shutdown.signal,
          ),
        );
      } else await step('deleteWebhook', () => callApi('deleteWebhook', {}, shutdown.signal));
      if (shutdown.signal.aborted) return;
      // What the last run left pending is answered before anything new (else, with the next update taken).
      await durable
        .replay()
        .catch((error: unknown) =>
          logger.warn(
            { error: loggableError(error) },
            'the pending Telegram updates could not be read: tried again with the next update',
          ),
        );
      state = 'running';
      if (presence?.shared) adopting = adoptWhileRunning(presence);
      if (webhook) {
        logger.info(
          { bot: me.username, webhook: webhook.url, path: webhookPath(config.token) },
          'Telegram bot taking updates by webhook (route the path to HTTP_PORT)',
        );
        return;
      }
      const poll = () =>
        createLongPolling({
          callApi,
          handle: (update) => durable.take(update),
          clock: deadlineClock,
          logger,
          onTokenRefused: (error) => onRefused(tokenRefused(new TelegramCallError('getUpdates', error))),
        });
      if (!presence) {
        polling = poll();
        polled = polling.run();
        logger.info({ bot: me.username }, 'Telegram bot taking updates by long polling');
        return;
      }
      // One instance polls (Telegram answers a second getUpdates with 409); the others wait for the lease.
      pollingLease = keepLease({
        leases: presence.leases,
        name: `telegram-polling:${me.id}`,
        holder: presence.self,
        clock: presence.clock,
        leaseMs: presence.leaseMs,
        logger,
        async hold(lost) {
          const held = poll();
          const stop = () => held.stop({ confirm: !(lost.reason instanceof LeaseLostError) });
          if (lost.aborted) stop();
          else lost.addEventListener('abort', stop, { once: true });
          logger.info({ bot: me.username }, 'Telegram bot taking updates by long polling');
          await held.run();
        },
      });
      logger.info(
        { bot: me.username },
        'Telegram long polling held by one instance at a time: waiting for its lease',
      );
    },
    stop(abandon) {
      const giveUp = () => halt.abort(new Error('shutdown: Telegram calls under way were given up'));
      if (abandon?.aborted) giveUp();
      else abandon?.addEventListener('abort', giveUp, { once: true });
      stopping ??= (async () => {
        const wasRunning = state === 'running';
        state = 'stopping';
        // A reply still waiting out a 429, or a notification waiting its turn, is given up rather than
        // holding up the shutdown (the notification's deliver rejects, to be tried again later).
        shutdown.abort();
        polling?.stop();
        await polled;
        await pollingLease?.stop();
        await adopting;
        await intake.idle();
        await durable.idle();
        await sender.idle();
        if (intake.dropped > 0) {
          logger.warn(
            { updates: intake.dropped },
            'Telegram updates left pending for the next start: the shutdown could not wait for them',
          );
        }
        state = 'stopped';
        if (wasRunning) logger.info('Telegram bot stopped');
      })();
      return stopping;
    },
  };
}
