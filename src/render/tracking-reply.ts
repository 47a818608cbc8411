import type { Block, Reply } from '../domain/reply.js';
import type { TrackResult } from '../tracking/tracking-service.js';
import { trackingButtons } from './buttons.js';
import { trackingPageUrl } from './carrier-links.js';
import { carrierName } from './carrier-names.js';
import { cleanText } from './carrier-text.js';
import { type AnswerBody, foundBlocks } from './found-blocks.js';
import { failedBlocks, fallbackNote, noAdapterBlocks, notFoundBlocks } from './problem-blocks.js';
import type { RenderContext } from './render-context.js';
import type { TrackingView } from './renderer.js';
import { blockOf, bold, code, compact } from './spans.js';

/**
 * One number's answer: a heading with the carrier and the number (linked to the carrier's page), then
 * the timeline, or what "not found" means, or why the lookup failed; buttons under it.
 */
export function trackingReply(result: TrackResult, view: TrackingView, ctx: RenderContext): Reply {
  const body = answerBody(result, view, ctx);
  const buttons = trackingButtons(result, view, ctx, body);
  const offersCarriers = buttons.some((row) => row.some((b) => b.action.kind === 'track_as'));
  const blocks: Block[] = compact(
    heading(result, ctx),
    result.orderId === undefined
      ? undefined
      : blockOf('note', ctx.t('tracking.fuuffy_order', { order: cleanText(result.orderId, 20) ?? '' })),
    body.blocks,
    result.outcome.kind === 'found' ? fallbackNote(result, ctx) : undefined,
    offersCarriers ? blockOf('note', ctx.t('tracking.other_carriers')) : undefined,
  );
  return { blocks, ...(buttons.length > 0 ? { buttons } : {}) };
}

/**
 * The answer under the heading, and which buttons make sense with it: nothing to refresh or follow when
 * no carrier can be asked, nor for a number the carrier refused.
 */
function answerBody(result: TrackResult, view: TrackingView, ctx: RenderContext): AnswerBody {
  const { outcome } = result;
  const nothingHidden = { hidden: 0, total: 0 };
  if (result.adapter === null) {
    return { blocks: noAdapterBlocks(result, ctx), refresh: false, subscribe: false, ...nothingHidden };
  }
  if (outcome.kind === 'found') return foundBlocks(outcome.shipment, view, ctx);
  if (outcome.kind === 'not_found') {
    const blocks = notFoundBlocks(outcome.reason, result, view, ctx);
    return { blocks, refresh: true, subscribe: true, ...nothingHidden };
  }
  const usable = outcome.error.code !== 'invalid_number';
  const blocks = failedBlocks(outcome.error, result, view, ctx);
  return { blocks, refresh: usable, subscribe: usable, ...nothingHidden };
}

/** `Hongkong Post RB000000014HK`, the number linked to the carrier's tracking page when Postie knows it. */
function heading(result: TrackResult, ctx: RenderContext): Block | undefined {
  const number = cleanText(result.number, 60) ?? cleanText(result.input, 60);
  const courierCode = result.candidates.find((c) => c.carrier === result.carrier)?.courierCode;
  // An order id Fuuffy did not answer for is no number a carrier's page knows.
  const href =
    number === undefined || result.orderId === result.number
      ? undefined
      : trackingPageUrl({
          carrier: result.carrier,
          number: result.number,
          locale: ctx.locale,
          adapter: result.adapter,
          ...(courierCode ? { courierCode } : {}),
        });
  return blockOf(
    'heading',
    bold(carrierName(result.carrier, ctx)),
    number && ' ',
    number && code(number, href),
  );
}
