import { createBot } from '../../src/bot.js';
import { type RunningSandboxes, startSandboxes } from '../../src/carriers/sandboxes.js';
import { loadConfig } from '../../src/config.js';
import type { BotCore } from '../../src/core/bot-core.js';
import { createLogger } from '../../src/logger.js';
import { createPipeline, type Pipeline } from '../../src/pipeline.js';
import { type AdjustableClock, createAdjustableClock } from '../../src/time/adjustable-clock.js';

export interface BotRig {
  readonly core: BotCore;
  readonly sandboxes: RunningSandboxes;
  readonly pipeline: Pipeline;
  /** Real time, movable forward (the sandboxes' parcels advance with it). */
  readonly clock: AdjustableClock;
  close(): Promise<void>;
}

/**
 * A real bot core wired to the four carrier sandboxes on loopback, with an in-memory store: what the
 * front-end end-to-end tests talk to. Limits are not enforced unless asked (tests make calls back to back).
 */
export async function startBotRig(options: { readonly enforceLimits?: boolean } = {}): Promise<BotRig> {
  const clock = createAdjustableClock();
  const sandboxes = await startSandboxes({ clock, enforceLimits: options.enforceLimits ?? false });
  const config = loadConfig({ ...sandboxes.env, STORE_URL: 'sqlite://:memory:', LOG_LEVEL: 'silent' });
  const logger = createLogger({ level: 'silent', pretty: false });
  const pipeline = createPipeline(config, logger, { clock });
  const core = createBot(pipeline, { clock, logger, defaults: { locale: 'en', timeZone: 'Asia/Hong_Kong' } });
  return {
    core,
    sandboxes,
    pipeline,
    clock,
    async close() {
      await pipeline.close();
      await sandboxes.close();
    },
  };
}
