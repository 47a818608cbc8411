import { type Bot, type BotOptions, createBot } from '../../src/app/bot.js';
import { type Lookups, openLookups } from '../../src/app/lookups.js';
import { openStore } from '../../src/app/open-store.js';
import { type RunningSandboxes, startSandboxes } from '../../src/carriers/sandboxes.js';
import { loadConfig } from '../../src/config.js';
import type { BotCore } from '../../src/core/bot-core.js';
import { createLogger, type Logger } from '../../src/logger.js';
import type { StoreBackend } from '../../src/store/store-backend.js';
import { type AdjustableClock, createAdjustableClock } from '../../src/time/adjustable-clock.js';
import type { Clock } from '../../src/time/clock.js';

export interface BotRig {
  readonly core: BotCore;
  /** The subscription engine (not started: tests call `runDue`, or `start` themselves). */
  readonly engine: Bot['engine'];
  readonly subscriptionStore: Bot['subscriptionStore'];
  readonly sandboxes: RunningSandboxes;
  readonly store: StoreBackend;
  readonly lookups: Lookups;
  /** Real time, movable forward (the sandboxes' parcels advance with it). */
  readonly clock: AdjustableClock;
  close(): Promise<void>;
}

/**
 * A real bot core wired to every carrier sandbox on loopback, with an in-memory store: what the
 * front-end end-to-end tests talk to. Limits are not enforced unless asked (tests make calls back to back).
 */
export interface BotRigOptions {
  readonly enforceLimits?: boolean;
  /** @defaultValue an in-memory SQLite store */
  readonly storeUrl?: string;
  /** Reuse these sandboxes and clock (a restart against the same carriers). */
  readonly reuse?: Pick<BotRig, 'sandboxes' | 'clock'>;
  readonly bot?: Pick<BotOptions, 'limits' | 'batchWindowMs' | 'random' | 'fairShare' | 'notifyRetryMs'>;
  /** What measures the waits between reconnections to the store. @defaultValue the system clock */
  readonly storeRetryClock?: Clock;
  /** @defaultValue a silent one */
  readonly logger?: Logger;
  /** The queue's randomness (retry backoff): `() => 0` retries at once. @defaultValue Math.random */
  readonly queueRandom?: () => number;
}

export async function startBotRig(options: BotRigOptions = {}): Promise<BotRig> {
  const clock = options.reuse?.clock ?? createAdjustableClock();
  const sandboxes =
    options.reuse?.sandboxes ??
    (await startSandboxes({ clock, enforceLimits: options.enforceLimits ?? false }));
  const config = loadConfig({
    ...sandboxes.env,
    STORE_URL: options.storeUrl ?? 'sqlite://:memory:',
    LOG_LEVEL: 'silent',
  });
  const logger = options.logger ?? createLogger({ level: 'silent', pretty: false });
  // The parts `buildApp` starts, built here without starting the engine.
  const store = await openStore(config, logger, options.storeRetryClock);
  const lookups = await openLookups(config, store, {
    clock,
    logger,
    random: options.queueRandom ?? Math.random,
  });
  const { core, engine, subscriptionStore } = createBot(
    { lookups, store, clock, logger, defaults: { locale: 'en', timeZone: 'Asia/Hong_Kong' } },
    options.bot,
  );
  return {
    core,
    engine,
    subscriptionStore,
    sandboxes,
    store,
    lookups,
    clock,
    async close() {
      await engine.stop();
      await lookups.close();
      await store.close();
      if (!options.reuse) await sandboxes.close();
    },
  };
}
