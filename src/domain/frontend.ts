import type { NotificationChannel } from './notification-channel.js';
import type { SettingRefused } from './setting-refused.js';

/** A front-end (Telegram, Discord, …): started after the core is built, stopped first on shutdown. */
export interface Frontend {
  readonly id: string;
  /** The variable naming where the front-end connects (`TELEGRAM_API_ROOT`), for start-up warnings. */
  readonly endpointSetting: string;
  /** How the notifier writes to this platform's chats unprompted, when the front-end can. */
  readonly notifications?: NotificationChannel;
  /**
   * For a front-end whose intake one instance holds at a time (Telegram long polling, the Discord
   * gateway): the lease's name and whether this instance holds it or waits for it; `undefined` when
   * nothing is held (a webhook, one process alone, or not started).
   */
  readonly lease?: () => FrontendLease | undefined;
  /**
   * Connects and begins taking updates. Rejects with a {@link SettingRefused} when the platform refuses the
   * configuration (no retry helps), with another error when a later try may succeed; may then be
   * called again.
   */
  start(): Promise<void>;
  /**
   * Stops taking updates and waits for the work under way. Once `abandon` aborts, calls to the platform
   * still under way are given up instead (a notification among them stays in the outbox).
   */
  stop(abandon?: AbortSignal): Promise<void>;
}

export interface FrontendLease {
  readonly name: string;
  readonly state: 'held' | 'waiting' | 'stopped';
}
