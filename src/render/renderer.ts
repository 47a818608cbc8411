import type { Destructive } from '../domain/action.js';
import type { CommandName } from '../domain/commands.js';
import type { Locale } from '../domain/locale.js';
import type { Reply } from '../domain/reply.js';
import type { DeliveryEstimate, ShipmentStatus, TrackingEvent } from '../domain/shipment.js';
import type { StatusReport } from '../domain/status-report.js';
import type { TrackResult } from '../tracking/tracking-service.js';
import type { InlineSummary } from './inline-summary.js';
import type { LimitNotice } from './limit-notice.js';
import type { ShareRequest } from './share.js';
import type { View } from './view.js';

/** The texts the core answers with besides timelines. Each is a key `messages.<key>` in every locale. */
export const MESSAGE_KEYS = [
  'welcome',
  'help',
  'no_numbers',
  'capped',
  'not_a_number',
  'subscribed',
  'already_subscribed',
  'subscription_limit',
  'subscription_daily_limit',
  'updates_all',
  'updates_events',
  'updates_milestones',
  'quiet_none',
  'quiet_current',
  'quiet_current_urgent',
  'quiet_set',
  'quiet_set_urgent',
  'quiet_off',
  'quiet_invalid',
  'quiet_digest',
  'unsubscribed',
  'unsubscribed_all',
  'not_subscribed',
  'stall_kept',
  'nothing_to_unsubscribe',
  'language_set',
  'timezone_current',
  'timezone_set',
  'timezone_invalid',
  'forgotten',
  'did_you_mean',
  'unknown_command',
  'error',
  'admins_only',
  'admin_check_failed',
  'confirmation_expired',
  'confirmation_cancelled',
  'store_unavailable',
] as const;
export type MessageKey = (typeof MESSAGE_KEYS)[number];

/** One line of `/list`: a followed parcel and what is known of it. */
export interface SubscriptionSummary {
  readonly number: string;
  readonly carrier?: string;
  readonly label?: string;
  readonly status?: ShipmentStatus;
  /** The latest event's text and time (ISO), when known. */
  readonly lastEvent?: { readonly text: string; readonly time: string };
}

/** One parcel's part of a subscription notification. */
export interface NotificationItem {
  readonly number: string;
  readonly label?: string;
  /**
   * News, the end of following (30 days without news: `expired`; five days unknown: `not_found`), or no
   * news for longer than is normal for the parcel (`stalled`).
   */
  readonly kind: 'events' | 'expired' | 'not_found' | 'stalled';
  readonly status: ShipmentStatus | 'not_found';
  /** The new events, newest first (none for the other kinds). */
  readonly events: readonly TrackingEvent[];
  /** `stalled`: since when (epoch ms) the parcel has had no news. */
  readonly quietSince?: number;
  /** `stalled`: the carrier to ask, when known. */
  readonly carrier?: string;
  /** `stalled`: the last event the parcel had (the chat has seen it: not news). */
  readonly lastEvent?: TrackingEvent;
  /** The carrier's new expected delivery, when it changed since the chat was last told. */
  readonly estimate?: DeliveryEstimate;
}

/** A question before something that cannot be undone (`/forget`, `/unsubscribe all`). */
export interface ConfirmationRequest {
  readonly what: Destructive;
  /** How many parcels the chat follows now: what would stop. */
  readonly parcels: number;
  /** When the buttons stop working (epoch ms, whole seconds). */
  readonly expiresAt: number;
}

export interface TrackingView extends View {
  /** Whether the chat already follows this number (the button offers the other action). */
  readonly subscribed: boolean;
  /** Show every event instead of the latest few. */
  readonly showAll: boolean;
}

/**
 * Turns Postie's answers into neutral replies (`domain/reply.ts`) in the reader's language: timelines,
 * messages, lists. Pure: no I/O, time comes in `View.now`.
 */
export interface Renderer {
  /**
   * A tracking answer: carrier and number (with a link to the carrier's own page), the status with a
   * symbol and a progress line, origin → destination, the latest events (all with `showAll`), estimated
   * delivery; or what "not found" means with an offer to subscribe; or the failure with when to retry.
   * Buttons: Refresh, Subscribe/Unsubscribe, Show all (when events were left out), and one per other
   * candidate carrier (best guess answered, others offered).
   */
  tracking(result: TrackResult, view: TrackingView): Reply;
  /** A fixed message (`messages.<key>`) with its parameters. */
  message(key: MessageKey, view: View, params?: Readonly<Record<string, string | number>>): Reply;
  /** Numbers left out because a fair share of lookups ran out, and when to send them again. */
  limitNotice(notice: LimitNotice, view: View): Reply;
  /** `/list`: every followed parcel, or that there are none. */
  subscriptions(items: readonly SubscriptionSummary[], view: View): Reply;
  /** What subscribed chats are told: one message for one or several parcels' news. */
  notification(items: readonly NotificationItem[], view: View): Reply;
  /**
   * What `/forget` or `/unsubscribe all` would delete (how many parcels), how long the buttons work, and
   * Confirm / Cancel buttons.
   */
  confirmation(request: ConfirmationRequest, view: View): Reply;
  /** The admin `/status`: quotas, queues, breakers, subscriptions, outbox, last poll pass. */
  status(report: StatusReport, view: View): Reply;
  /** One number's answer as a line to pick from (Telegram inline results): carrier and number, status and last event. */
  inlineSummary(result: TrackResult, view: View): InlineSummary;
  /** What the Share button passes on: the link to forward, or the command to send. */
  share(request: ShareRequest, view: View): Reply;
  /** `/language` without an argument: the current language and a button per language. */
  languagePicker(view: View): Reply;
  /** A command's one-line description and its options', for menus (`commands.<name>.…`). */
  describeCommand(
    name: CommandName,
    locale: Locale,
  ): { readonly description: string; readonly options: Readonly<Record<string, string>> };
  /** A translated string, for front-ends that need a bare label. */
  t(locale: Locale, key: string, params?: Readonly<Record<string, string | number>>): string;
}
