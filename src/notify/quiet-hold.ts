import { clockTimeOf, type QuietHours, URGENT_STATUSES } from '../domain/quiet-hours.js';
import type { Reply } from '../domain/reply.js';
import type { Renderer } from '../render/renderer.js';
import type { View } from '../render/view.js';
import { dailyWindowAt, lastEndOf } from '../time/daily-window.js';
import type { WaitingNotification } from './outbox.js';

/** What a chat's quiet hours make of the notifications due now. */
interface QuietSorting {
  /** To send now: all of them outside quiet hours; inside, only urgent news when the chat let it through. */
  readonly send: readonly WaitingNotification[];
  /** To keep in the outbox until `until`. */
  readonly held: readonly WaitingNotification[];
  /** When the quiet hours end (epoch ms); set when something is held. */
  readonly until?: number;
  /** Set when `send` is the digest of what the quiet hours held: their hours, and `send` by first news. */
  readonly digest?: QuietHours;
}

/**
 * The quiet-hours step of delivery, pure: inside the chat's quiet hours (in its time zone, `now` epoch
 * ms) notifications are held until the hours end, except, with `urgent`, news of a parcel out for
 * delivery or delivered. Any other kind (an ending, an alert) waits too. Outside, everything goes; what
 * was waiting before the last quiet hours ended goes as their digest, each parcel in the order its news
 * first came. The outbox keeps what is held, so a restart loses nothing, and a digest missed while the
 * process was down goes at the next start.
 */
export function sortByQuietHours(
  due: readonly WaitingNotification[],
  quiet: QuietHours | undefined,
  timeZone: string,
  now: number,
): QuietSorting {
  if (!quiet) return { send: due, held: [] };
  const span = dailyWindowAt(quiet, timeZone, now);
  if (span) {
    const send = quiet.urgent ? due.filter(isUrgent) : [];
    const held = due.filter((n) => !send.includes(n));
    return { send, held, ...(held.length > 0 ? { until: span.end } : {}) };
  }
  const lastEnd = lastEndOf(quiet, timeZone, now);
  if (!due.some((n) => n.since < lastEnd)) return { send: due, held: [] };
  return { send: [...due].sort((a, b) => a.since - b.since), held: [], digest: quiet };
}

/** News that `urgent` quiet hours let through: the parcel is out for delivery or delivered. */
function isUrgent(notification: WaitingNotification): boolean {
  const { item } = notification;
  if (item.kind !== 'events') return false;
  const urgent = (status: string) => (URGENT_STATUSES as readonly string[]).includes(status);
  return urgent(item.status) || item.events.some((e) => urgent(e.status));
}

/**
 * One message of news about one or several parcels; a digest opens with the quiet hours that held it
 * (`messages.quiet_digest`).
 */
export function renderNews(
  renderer: Renderer,
  notifications: readonly WaitingNotification[],
  view: View,
  digest: QuietHours | undefined,
): Reply {
  const news = renderer.notification(
    notifications.map((n) => n.item),
    view,
  );
  if (!digest) return news;
  const times = { from: clockTimeOf(digest.from), to: clockTimeOf(digest.to) };
  const heading = renderer.message('quiet_digest', view, times);
  return { ...news, blocks: [...heading.blocks, ...news.blocks] };
}
