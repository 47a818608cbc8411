import type { Chat, User } from 'telegraf/types';
import type { TelegramConfig } from '../../../src/config.js';
import type { BotCore } from '../../../src/core/bot-core.js';
import type { Frontend } from '../../../src/domain/frontend.js';
import { createTelegramFrontend } from '../../../src/frontends/telegram/index.js';
import type { PendingUpdatesStore } from '../../../src/frontends/telegram/pending-updates.js';
import type { TelegramSendLimits } from '../../../src/frontends/telegram/send-limits.js';
import { createHttpServer, type HttpServer } from '../../../src/http/http-server.js';
import type { Logger } from '../../../src/logger.js';
import type { InstancePresence } from '../../../src/store/instance-presence.js';
import { openSqliteBackend } from '../../../src/store/sqlite-backend.js';
import type { Clock } from '../../../src/time/clock.js';
import { type FakeTelegram, startFakeTelegram } from './fake-telegram.js';
import type { FakeLimits } from './fake-telegram-limits.js';

/** A token in Telegram's shape (never a real one). */
export const TOKEN = '123456789:AAFakeTokenForTestsOnly_abcdefghijklmn';

export const user = (id: number, languageCode = 'en'): User => ({
  id,
  is_bot: false,
  first_name: `User ${id}`,
  language_code: languageCode,
});
export const privateChat = (id: number): Chat.PrivateChat => ({
  id,
  type: 'private',
  first_name: `User ${id}`,
});
export const groupChat = (id: number): Chat.SupergroupChat => ({
  id,
  type: 'supergroup',
  title: `Group ${id}`,
});

export const channelChat = (id: number): Chat.ChannelChat => ({
  id,
  type: 'channel',
  title: `Channel ${id}`,
});

export interface RunningTelegram {
  readonly fake: FakeTelegram;
  readonly frontend: Frontend;
  readonly http: HttpServer;
  /** Where our HTTP listener is (for webhook calls). */
  readonly localUrl: string;
  /** Every wait asked of the clock, in ms (with the default clock, the waits themselves take no time). */
  readonly sleeps: number[];
  close(): Promise<void>;
}

/**
 * The real telegraf front-end against a fake Bot API on loopback, with our own HTTP listener for the
 * webhook, and by default a clock whose sleeps are recorded and return at once (no real waiting in
 * tests). Pacing notifications needs time that passes: those tests pass `clock` (sleeps are still
 * recorded), shortened `sendLimits`, and `fakeLimits` for the fake to enforce.
 */
export async function startTelegram(options: {
  readonly core: BotCore;
  readonly logger: Logger;
  readonly webhook?: TelegramConfig['webhook'];
  readonly clock?: Clock;
  readonly sendLimits?: TelegramSendLimits;
  readonly fakeLimits?: FakeLimits;
  /** What measures the deadline of each Bot API call. @defaultValue the system clock */
  readonly deadlineClock?: Clock;
  /** @defaultValue the front-end's own */
  readonly callTimeoutMs?: number;
  /** Where pending updates are kept. @defaultValue an in-memory SQLite store of the run's own */
  readonly store?: PendingUpdatesStore;
  /** A fake Bot API to reuse (a restart against the same Telegram). @defaultValue a new one */
  readonly fake?: FakeTelegram;
  /** This instance among several on one store (long polling through a lease). @defaultValue one process alone */
  readonly presence?: InstancePresence;
}): Promise<RunningTelegram> {
  const fake =
    options.fake ??
    (await startFakeTelegram({
      token: TOKEN,
      ...(options.fakeLimits ? { limits: options.fakeLimits } : {}),
    }));
  const ownStore = options.store === undefined ? openSqliteBackend(':memory:') : undefined;
  const store: PendingUpdatesStore = options.store ?? (ownStore as PendingUpdatesStore);
  const http = createHttpServer({ logger: options.logger });
  const address = await http.listen(0, '127.0.0.1');
  const sleeps: number[] = [];
  const base = options.clock;
  const clock: Clock = {
    now: () => base?.now() ?? Date.now(),
    sleep: async (ms, signal) => {
      sleeps.push(ms);
      await base?.sleep(ms, signal);
    },
  };
  const config: TelegramConfig = {
    token: TOKEN,
    apiRoot: fake.apiRoot,
    ...(options.webhook ? { webhook: options.webhook } : {}),
  };
  const frontend = createTelegramFrontend({
    config,
    core: options.core,
    store,
    http,
    logger: options.logger,
    clock,
    ...(options.sendLimits ? { sendLimits: options.sendLimits } : {}),
    ...(options.deadlineClock ? { deadlineClock: options.deadlineClock } : {}),
    ...(options.callTimeoutMs === undefined ? {} : { callTimeoutMs: options.callTimeoutMs }),
    ...(options.presence ? { presence: options.presence } : {}),
  });
  await frontend.start();
  let closed: Promise<void> | undefined;
  return {
    fake,
    frontend,
    http,
    localUrl: `http://127.0.0.1:${address.port}`,
    sleeps,
    /** Stops the front-end and closes what the harness opened; safe to call twice. */
    close() {
      closed ??= (async () => {
        await frontend.stop();
        await http.close();
        if (!options.fake) await fake.close();
        await ownStore?.close();
      })();
      return closed;
    },
  };
}
