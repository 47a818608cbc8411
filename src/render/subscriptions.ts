import type { Block, Reply } from '../domain/reply.js';
import { carrierName } from './carrier-names.js';
import { cleanText, withoutSignerNames } from './carrier-text.js';
import { agoFor } from './relative-time.js';
import type { RenderContext } from './render-context.js';
import type { SubscriptionSummary } from './renderer.js';
import { blockOf, bold, code, compact, italic, joined } from './spans.js';
import { STATUS_SYMBOLS } from './status-line.js';
import { intlLocale, parseInstant } from './times.js';

/**
 * `/list`: one entry per followed parcel (status symbol, label, number, carrier; then the last event and
 * how long ago), or that there are none. Only the asker sees it on platforms that can (a personal list).
 */
export function subscriptionsReply(items: readonly SubscriptionSummary[], ctx: RenderContext): Reply {
  if (items.length === 0)
    return { blocks: compact(blockOf('line', ctx.t('subscriptions.empty'))), private: true };
  const count = new Intl.NumberFormat(intlLocale(ctx.locale)).format(items.length);
  return {
    blocks: compact(
      blockOf('heading', bold(ctx.t('subscriptions.title', { count }))),
      items.flatMap((item) => itemBlocks(item, ctx)),
    ),
    private: true,
  };
}

function itemBlocks(item: SubscriptionSummary, ctx: RenderContext): (Block | undefined)[] {
  const symbol = item.status ? STATUS_SYMBOLS[item.status] : '📦';
  const label = item.label === undefined ? undefined : cleanText(item.label, 64);
  const number = cleanText(item.number, 60);
  const status = item.status ? ctx.t(`statuses.${item.status}`) : undefined;
  const carrier = item.carrier ? carrierName(item.carrier, ctx) : undefined;
  const details = joined(' · ', carrier, status);
  const heading = blockOf(
    'line',
    `${symbol} `,
    label && bold(label),
    label && number && ' ',
    number && code(number),
    details.length > 0 && ' · ',
    ...details,
  );
  return [heading, lastEventBlock(item, ctx)];
}

function lastEventBlock(item: SubscriptionSummary, ctx: RenderContext): Block | undefined {
  if (!item.lastEvent) return blockOf('note', italic(ctx.t('subscriptions.no_news')));
  const cleaned = cleanText(item.lastEvent.text);
  const text = cleaned && ctx.view.chatKind === 'group' ? withoutSignerNames(cleaned) : cleaned;
  const at = parseInstant(item.lastEvent.time);
  const when = at ? agoFor(at.ms, ctx) : undefined;
  return blockOf('note', ...joined(' · ', text, when && italic(when)));
}
