import type { CarrierError } from '../domain/carrier-error.js';
import type { NotFoundReason } from '../domain/outcome.js';
import type { Block } from '../domain/reply.js';
import { type TrackResult, UNKNOWN_CARRIER } from '../tracking/tracking-service.js';
import { carrierName, serviceName } from './carrier-names.js';
import { duration } from './relative-time.js';
import type { RenderContext } from './render-context.js';
import type { TrackingView } from './renderer.js';
import { blockOf, bold, compact } from './spans.js';

/**
 * "Not found" in words people act on: what each reason usually means, and (when the carrier may simply
 * not have it yet) that subscribing will bring the news.
 */
export function notFoundBlocks(
  reason: NotFoundReason,
  result: TrackResult,
  view: TrackingView,
  ctx: RenderContext,
): Block[] {
  return compact(
    blockOf('line', bold(`🔍 ${ctx.t('not_found.title')}`)),
    blockOf('line', ctx.t(`not_found.${reason}`, { carrier: carrierName(result.carrier, ctx) })),
    reason === 'no_record' && !view.subscribed && result.orderId === undefined
      ? blockOf('note', ctx.t('not_found.subscribe_hint'))
      : undefined,
  );
}

/**
 * A failed lookup, read as a failure and never as a fact about the parcel: which tracking service failed
 * and how (the localized text for the error's code), then when to try again, or, for a parcel the chat
 * follows, that Postie keeps trying. Never the error's own message (it is for logs: it may name
 * internals, and adapters write it in English).
 */
export function failedBlocks(
  error: CarrierError,
  result: TrackResult,
  view: TrackingView,
  ctx: RenderContext,
): Block[] {
  const next =
    error.code === 'invalid_number'
      ? undefined
      : view.subscribed
        ? ctx.t('tracking.keep_trying')
        : error.retryAfterMs !== undefined && Number.isFinite(error.retryAfterMs) && error.retryAfterMs > 0
          ? ctx.t('tracking.retry_in', { duration: duration(error.retryAfterMs, ctx.locale) })
          : ctx.t('tracking.retry_later');
  return compact(
    blockOf('line', bold(`⚠️ ${ctx.t('tracking.failed_title')}`)),
    blockOf(
      'line',
      ctx.t(`errors.${error.code}`, { service: serviceName(error.adapter, result.carrier, ctx) }),
    ),
    next ? blockOf('note', next) : undefined,
  );
}

/** An answer from the next route because the first one failed: says so, naming both services. */
export function fallbackNote(result: TrackResult, ctx: RenderContext): Block | undefined {
  if (!result.fallbackFrom || result.adapter === null) return undefined;
  return blockOf(
    'note',
    ctx.t('tracking.fallback', {
      failed: serviceName(result.fallbackFrom.adapter, result.carrier, ctx),
      service: serviceName(result.adapter, result.carrier, ctx),
    }),
  );
}

/** Nothing could be asked: no configured adapter serves the carrier, or the format is unknown. */
export function noAdapterBlocks(result: TrackResult, ctx: RenderContext): Block[] {
  const known = result.carrier !== null && result.carrier !== UNKNOWN_CARRIER;
  return compact(
    blockOf('line', bold(`⚠️ ${ctx.t('tracking.failed_title')}`)),
    blockOf(
      'line',
      result.orderId !== undefined
        ? ctx.t('tracking.no_fuuffy')
        : known
          ? ctx.t('tracking.no_adapter', { carrier: carrierName(result.carrier, ctx) })
          : ctx.t('tracking.no_adapter_unknown_format'),
    ),
  );
}
