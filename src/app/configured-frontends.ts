import type { Config } from '../config.js';
import type { BotCore } from '../core/bot-core.js';
import type { Platform } from '../domain/chat.js';
import type { Frontend } from '../domain/frontend.js';
import type { SettingRefused } from '../domain/setting-refused.js';
import type { HttpServer } from '../http/http-server.js';
import type { Logger } from '../logger.js';
import type { InstancePresence } from '../store/instance-presence.js';
import type { StoreBackend } from '../store/store-backend.js';
import type { Clock } from '../time/clock.js';

export interface FrontendDeps {
  readonly core: BotCore;
  /**
   * The process's store: where the front-ends keep what they took and have not answered yet, and the
   * lock that keeps instances from taking the same update twice.
   */
  readonly store: Pick<StoreBackend, 'namespace' | 'lock'>;
  /** This run among the instances sharing the store: front-ends held by one instance through a lease. */
  readonly presence?: InstancePresence;
  /** The process's HTTP listener (Telegram's webhook route goes on it). */
  readonly http: HttpServer;
  readonly logger: Logger;
  readonly clock: Clock;
  /** What measures the deadlines of calls to the platforms: real time. */
  readonly deadlineClock: Clock;
  /** Called when a platform refuses a setting after the start (a revoked token). */
  readonly onRefused: (refusal: SettingRefused) => void;
  /** A platform answered 429 (counted by the metrics). */
  readonly onRateLimited?: (platform: Platform) => void;
}

/**
 * The front-ends whose tokens are configured. Each one's module (and its framework: telegraf,
 * discord.js) loads only when it is configured.
 */
export async function configuredFrontends(config: Config, deps: FrontendDeps): Promise<Frontend[]> {
  const { core, store, http, logger, clock, deadlineClock } = deps;
  const frontends: Frontend[] = [];
  if (config.telegram) {
    const { createTelegramFrontend } = await import('../frontends/telegram/index.js');
    frontends.push(
      createTelegramFrontend({
        config: config.telegram,
        core,
        store,
        http,
        logger,
        clock,
        deadlineClock,
        onRefused: deps.onRefused,
        ...(deps.presence ? { presence: deps.presence } : {}),
        ...(deps.onRateLimited ? { onRateLimited: () => deps.onRateLimited?.('telegram') } : {}),
      }),
    );
  }
  if (config.discord) {
    const { createDiscordFrontend } = await import('../frontends/discord/index.js');
    frontends.push(
      createDiscordFrontend({
        config: config.discord,
        core,
        store,
        logger,
        clock,
        deadlineClock,
        onRefused: deps.onRefused,
        lock: store.lock,
        ...(deps.presence ? { presence: deps.presence } : {}),
        ...(deps.onRateLimited ? { onRateLimited: () => deps.onRateLimited?.('discord') } : {}),
      }),
    );
  }
  return frontends;
}
