import type { Block, Button, Reply } from '../domain/reply.js';
import { buttonFor } from './buttons.js';
import { cleanText } from './carrier-text.js';
import { expectedDelivery } from './delivery-estimate.js';
import type { RenderContext } from './render-context.js';
import type { NotificationItem } from './renderer.js';
import { blockOf, bold, code, compact, italic, joined } from './spans.js';
import { stallBlocks, stallButtons } from './stall-alert.js';
import { STATUS_SYMBOLS } from './status-line.js';
import { eventBlock } from './timeline.js';

/** New events shown per parcel in one notification; the rest are counted. @defaultValue 5 */
const EVENTS_PER_NOTIFICATION = 5;
/** Parcels given buttons in one notification (a message with more would be a wall of buttons). */
const MAX_BUTTON_ROWS = 5;

/**
 * A subscription's news: per parcel, its name (label and number), status, and the new events (newest
 * first, the latest few) and a changed expected delivery; the end of following says why and offers to
 * keep following; a stalled parcel says how long it has been quiet, its last event and what to do
 * (`stall-alert.ts`). Buttons: Refresh and Unsubscribe for news, Keep following for an ending, Keep
 * following and Stop for a stall.
 */
export function notificationReply(items: readonly NotificationItem[], ctx: RenderContext): Reply {
  const buttons = items
    .slice(0, MAX_BUTTON_ROWS)
    .map((item) => rowFor(item, ctx))
    .filter((row) => row.length > 0);
  return {
    blocks: compact(items.flatMap((item) => itemBlocks(item, ctx))),
    ...(buttons.length > 0 ? { buttons } : {}),
  };
}

function itemBlocks(item: NotificationItem, ctx: RenderContext): (Block | undefined)[] {
  const name = cleanText(item.label ?? '', 64);
  const number = cleanText(item.number, 60) ?? '';
  const shownStatus = item.status === 'not_found' ? undefined : item.status;
  const heading = blockOf(
    'heading',
    `${shownStatus ? STATUS_SYMBOLS[shownStatus] : '📦'} `,
    name && bold(name),
    name && ' ',
    code(number),
    ...((item.kind === 'events' || item.kind === 'stalled') && shownStatus
      ? [' · ', ctx.t(`statuses.${shownStatus}`)]
      : []),
  );
  if (item.kind === 'stalled') return [heading, ...stallBlocks(item, ctx)];
  if (item.kind === 'expired') return [heading, blockOf('line', ctx.t('notifications.expired'))];
  if (item.kind === 'not_found') return [heading, blockOf('line', ctx.t('notifications.not_found'))];
  const shown = item.events.slice(0, EVENTS_PER_NOTIFICATION);
  const more = item.events.length - shown.length;
  const expected = item.estimate && expectedDelivery(item.estimate, shownStatus ?? 'unknown', ctx);
  return [
    heading,
    ...shown.map((event) => eventBlock(event, ctx)),
    more > 0 ? blockOf('note', italic(ctx.t('notifications.more', { count: more }))) : undefined,
    expected ? blockOf('line', `🗓 ${expected}`) : undefined,
    item.status === 'delivered'
      ? blockOf('note', ...joined(' ', ctx.t('notifications.delivered')))
      : undefined,
  ];
}

function rowFor(item: NotificationItem, ctx: RenderContext): Button[] {
  const row =
    item.kind === 'stalled'
      ? stallButtons(item, ctx)
      : item.kind === 'events'
        ? [
            buttonFor(ctx.t('buttons.refresh'), { kind: 'refresh', number: item.number }),
            buttonFor(ctx.t('buttons.unsubscribe'), { kind: 'unsubscribe', number: item.number }),
          ]
        : [buttonFor(ctx.t('buttons.keep_following'), { kind: 'subscribe', number: item.number })];
  return row.filter((b): b is Button => b !== undefined);
}
