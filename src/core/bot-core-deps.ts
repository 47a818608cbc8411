import type { Detector } from '../detect/detector.js';
import type { ChatRef } from '../domain/chat.js';
import type { Locale } from '../domain/locale.js';
import type { StatusReport } from '../domain/status-report.js';
import type { Logger } from '../logger.js';
import type { Renderer } from '../render/renderer.js';
import type { ChatSettingsStore } from '../store/chat-settings.js';
import type { Subscriptions } from '../subscriptions/subscriptions.js';
import type { Clock } from '../time/clock.js';
import type { TrackingService } from '../tracking/tracking-service.js';
import type { FairShare } from './fair-share.js';

/** What the bot core is built from (and its handlers read). */
export interface BotCoreDeps {
  readonly tracking: TrackingService;
  readonly detector: Detector;
  readonly renderer: Renderer;
  readonly settings: ChatSettingsStore;
  readonly subscriptions: Subscriptions;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly defaults: { readonly locale: Locale; readonly timeZone: string };
  /** Each person's and each chat's share of lookups. @defaultValue no limit */
  readonly fairShare?: FairShare;
  /** The chat's quiet hours changed (`/quiet`): the notifier looks again at what they hold. @defaultValue nothing */
  readonly quietHoursChanged?: (chat: ChatRef) => void;
  /** The admin `/status`: who may ask, and the report. @defaultValue no one (`/status` is unknown) */
  readonly status?: StatusAccess;
}

/** Operators' chats (`ADMIN_CHAT_IDS`) may ask `/status`; to every other chat it is an unknown command. */
export interface StatusAccess {
  /** Chat keys (`telegram:123`, `discord:456`, `console:local`). */
  readonly admins: ReadonlySet<string>;
  report(): Promise<StatusReport>;
}
