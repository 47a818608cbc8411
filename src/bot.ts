import { type BotCore, createBotCore } from './core/bot-core.js';
import type { Locale } from './domain/locale.js';
import type { Logger } from './logger.js';
import type { Pipeline } from './pipeline.js';
import { createRenderer } from './render/create-renderer.js';
import { chatSettingsOn } from './store/chat-settings.js';
import { subscriptionStoreOn } from './subscriptions/subscription-store.js';
import type { Clock } from './time/clock.js';

export interface BotOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly defaults: { readonly locale: Locale; readonly timeZone: string };
}

/** The bot core on top of the pipeline: what every front-end (Telegram, Discord, console) talks to. */
export function createBot(pipeline: Pipeline, options: BotOptions): BotCore {
  return createBotCore({
    tracking: pipeline.tracking,
    detector: pipeline.detector,
    renderer: createRenderer(),
    settings: chatSettingsOn(pipeline.chats),
    subscriptions: subscriptionStoreOn(pipeline.chats),
    clock: options.clock,
    logger: options.logger,
    defaults: options.defaults,
  });
}
