import type { TrackResult } from '../tracking/tracking-service.js';
import { carrierName } from './carrier-names.js';
import { cleanText } from './carrier-text.js';
import { agoFor } from './relative-time.js';
import type { RenderContext } from './render-context.js';
import { STATUS_SYMBOLS } from './status-line.js';
import { shownPlace, shownText } from './timeline.js';
import { parseInstant } from './times.js';

/** One number's answer as a line of a list to pick from (Telegram inline results): plain text. */
export interface InlineSummary {
  /** Carrier and number: `Hongkong Post RB000000014HK`. */
  readonly title: string;
  /** The status line and the last event: `✅ Delivered · updated 2 days ago`, then `Hong Kong · Delivered`. */
  readonly description: string;
}

/**
 * Title and description of an inline result. The message may be sent into any chat, so the reader is
 * taken for a group's: no signer names (`view.chatKind` is `group` for inline answers).
 */
export function inlineSummary(result: TrackResult, ctx: RenderContext): InlineSummary {
  const number = cleanText(result.number, 60) ?? '';
  const title = `${carrierName(result.carrier, ctx)} ${number}`.trim();
  const { outcome } = result;
  if (result.adapter === null || outcome.kind === 'failed')
    return { title, description: `⚠️ ${ctx.t('tracking.failed_title')}` };
  if (outcome.kind === 'not_found') return { title, description: `🔍 ${ctx.t('not_found.title')}` };
  const { shipment } = outcome;
  const newest = shipment.events[0];
  const at = newest === undefined ? undefined : parseInstant(newest.time);
  const status = [
    `${STATUS_SYMBOLS[shipment.status]} ${ctx.t(`statuses.${shipment.status}`)}`,
    at && ctx.t('tracking.updated', { ago: agoFor(at.ms, ctx) }),
  ].filter(Boolean);
  const last = newest
    ? [shownPlace(newest.location, ctx), shownText(newest.description, ctx)].filter(Boolean).join(' · ')
    : ctx.t('tracking.no_events');
  return { title, description: `${status.join(' · ')}\n${last}` };
}
