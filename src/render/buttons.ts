import type { Action } from '../domain/action.js';
import type { CarrierId } from '../domain/carrier.js';
import type { Button } from '../domain/reply.js';
import type { TrackResult } from '../tracking/tracking-service.js';
import { decodeAction, encodeAction, fitsInButton } from './action-codec.js';
import { carrierName } from './carrier-names.js';
import { cleanText } from './carrier-text.js';
import type { RenderContext } from './render-context.js';
import type { TrackingView } from './renderer.js';

/** "As …" buttons offered for other candidate carriers. @defaultValue 3 */
const MAX_CARRIER_BUTTONS = 3;
/** Discord's button label limit (https://discord.com/developers/docs/components/reference#button), the tighter one. */
const MAX_LABEL = 80;

/**
 * Whether a button can carry `action` on every platform and be read back when pressed: it fits the
 * 64-byte limit (`fitsInButton`) and decodes to an action again (`decodeAction` accepts only numbers of
 * a known format, at most 40 characters, and carriers Postie knows, a stricter rule than the byte limit).
 */
export function offerable(action: Action): boolean {
  return fitsInButton(action) && decodeAction(encodeAction(action)) !== undefined;
}

/** A button for `action`, or `undefined` when the action cannot ride in one. */
export function buttonFor(label: string, action: Action): Button | undefined {
  return offerable(action) ? { label: cleanText(label, MAX_LABEL) ?? label, action } : undefined;
}

export interface TrackingButtonsOptions {
  /** Offer Refresh (pointless for a number the carrier refused, or when no carrier can be asked). */
  readonly refresh: boolean;
  /** Offer Subscribe (Unsubscribe is offered whenever the chat follows the number). */
  readonly subscribe: boolean;
  /** Events left out of the timeline: Show all is offered when there are some. */
  readonly hidden: number;
  /** Events in all, for the Show all label. */
  readonly total: number;
}

/**
 * Rows of buttons under a tracking answer: Refresh, Subscribe or Unsubscribe, Show all, Share; then one "As …"
 * button per other candidate carrier that some adapter can ask (best first, the first few that fit).
 */
export function trackingButtons(
  result: TrackResult,
  view: TrackingView,
  ctx: RenderContext,
  options: TrackingButtonsOptions,
): Button[][] {
  const number = result.number;
  const carrier = result.carrier ? { carrier: result.carrier } : {};
  const main = [
    options.refresh && buttonFor(ctx.t('buttons.refresh'), { kind: 'refresh', number, ...carrier }),
    view.subscribed
      ? buttonFor(ctx.t('buttons.unsubscribe'), { kind: 'unsubscribe', number })
      : options.subscribe && buttonFor(ctx.t('buttons.subscribe'), { kind: 'subscribe', number, ...carrier }),
    options.hidden > 0 &&
      buttonFor(ctx.t('buttons.show_all', { count: options.total }), {
        kind: 'show_all',
        number,
        ...carrier,
      }),
    options.refresh && buttonFor(ctx.t('buttons.share'), { kind: 'share', number }),
  ].filter((b): b is Button => b !== undefined && b !== false);
  const others = otherCarriers(result)
    .map((other) =>
      buttonFor(ctx.t('buttons.track_as', { carrier: carrierName(other, ctx) }), {
        kind: 'track_as',
        number,
        carrier: other,
      }),
    )
    .filter((b): b is Button => b !== undefined)
    .slice(0, MAX_CARRIER_BUTTONS);
  return [main, others].filter((row) => row.length > 0);
}

/** Candidate carriers other than the one answered, best first, once each, that an adapter can ask. */
function otherCarriers(result: TrackResult): CarrierId[] {
  const seen = new Set<CarrierId>(result.carrier ? [result.carrier] : []);
  const others: CarrierId[] = [];
  for (const candidate of result.candidates) {
    if (seen.has(candidate.carrier) || candidate.adapter === null) continue;
    seen.add(candidate.carrier);
    others.push(candidate.carrier);
  }
  return others;
}
