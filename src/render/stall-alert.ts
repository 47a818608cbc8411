import { carrierInfo } from '../carriers/catalogue.js';
import type { Block, Button } from '../domain/reply.js';
import { buttonFor } from './buttons.js';
import { trackingPageUrl } from './carrier-links.js';
import { carrierName } from './carrier-names.js';
import type { RenderContext } from './render-context.js';
import type { NotificationItem } from './renderer.js';
import { blockOf, bold, italic } from './spans.js';
import { eventBlock } from './timeline.js';
import { intlLocale } from './times.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * A stalled parcel (after its heading): how long it has had no news, its last event (in the reader's
 * time zone, with place and text), and what to do: ask the carrier (its contact page, else its tracking
 * page) and ask the sender.
 */
export function stallBlocks(item: NotificationItem, ctx: RenderContext): (Block | undefined)[] {
  const quietFor = ctx.view.now - (item.quietSince ?? ctx.view.now);
  const last = item.lastEvent;
  const carrier = item.carrier ? carrierName(item.carrier, ctx) : undefined;
  const page = item.carrier
    ? (carrierInfo(item.carrier)?.contactPage ??
      trackingPageUrl({ carrier: item.carrier, number: item.number, locale: ctx.locale }))
    : undefined;
  return [
    blockOf('line', bold(ctx.t('notifications.stalled.quiet', { duration: elapsed(quietFor, ctx) }))),
    last && blockOf('line', ctx.t('notifications.stalled.last_event')),
    last && eventBlock(last, ctx),
    blockOf('line', ctx.t('notifications.stalled.what_to_do')),
    carrier && page
      ? blockOf('line', '• ', ctx.t('notifications.stalled.ask_carrier', { carrier }), ' ', {
          text: page,
          href: page,
        })
      : blockOf('line', '• ', ctx.t('notifications.stalled.ask_carrier_plain')),
    blockOf('line', '• ', ctx.t('notifications.stalled.ask_sender')),
    blockOf('note', italic(ctx.t('notifications.stalled.once'))),
  ];
}

/** Keep following (this stall alerts no more) and Stop (unsubscribe). */
export function stallButtons(item: NotificationItem, ctx: RenderContext): (Button | undefined)[] {
  return [
    buttonFor(ctx.t('buttons.keep_following'), { kind: 'keep_following', number: item.number }),
    buttonFor(ctx.t('buttons.stop'), { kind: 'unsubscribe', number: item.number }),
  ];
}

/**
 * How long the parcel has been quiet, rounded down so it is never overstated: whole days from two days
 * on (`8 days`, `8 天`), whole hours below.
 */
function elapsed(ms: number, ctx: RenderContext): string {
  const [value, unit] =
    ms >= 2 * DAY_MS ? [Math.floor(ms / DAY_MS), 'day'] : [Math.max(1, Math.floor(ms / HOUR_MS)), 'hour'];
  return new Intl.NumberFormat(intlLocale(ctx.locale), { style: 'unit', unit, unitDisplay: 'long' }).format(
    value,
  );
}
