import type { Block } from '../domain/reply.js';
import type { Shipment } from '../domain/shipment.js';
import { carrierName } from './carrier-names.js';
import { cleanText } from './carrier-text.js';
import { expectedDelivery } from './delivery-estimate.js';
import type { RenderContext } from './render-context.js';
import type { TrackingView } from './renderer.js';
import { blockOf, compact, italic, joined } from './spans.js';
import { statusBlocks } from './status-line.js';
import { shownPlace, timeline } from './timeline.js';

export interface AnswerBody {
  readonly blocks: readonly Block[];
  readonly refresh: boolean;
  readonly subscribe: boolean;
  /** Events left out of the timeline, and events in all (for Show all). */
  readonly hidden: number;
  readonly total: number;
}

/**
 * A found parcel: status and progress, origin → destination and service, the carriers of both legs,
 * the expected delivery, then the latest events (all with `showAll`) and how many were left out.
 */
export function foundBlocks(shipment: Shipment, view: TrackingView, ctx: RenderContext): AnswerBody {
  const events = timeline(shipment.events, ctx, view.showAll);
  const expected =
    shipment.estimatedDelivery && expectedDelivery(shipment.estimatedDelivery, shipment.status, ctx);
  const blocks = compact(
    statusBlocks(shipment, ctx),
    routeBlock(shipment, ctx),
    legsBlock(shipment, ctx),
    expected ? blockOf('line', expected) : undefined,
    events.blocks.length > 0 ? events.blocks : blockOf('note', ctx.t('tracking.no_events')),
    events.hidden > 0
      ? blockOf(
          'note',
          italic(
            ctx.t('tracking.events_shown', { shown: events.blocks.length, total: shipment.events.length }),
          ),
        )
      : undefined,
  );
  return { blocks, refresh: true, subscribe: true, hidden: events.hidden, total: shipment.events.length };
}

/** `Hong Kong → New Zealand · Speedpost`, `From Hong Kong`, or nothing when the carrier says neither. */
function routeBlock(shipment: Shipment, ctx: RenderContext): Block | undefined {
  const origin = shownPlace(shipment.origin, ctx);
  const destination = shownPlace(shipment.destination, ctx);
  const service = shipment.service === undefined ? undefined : cleanText(shipment.service, 60);
  const route =
    origin && destination
      ? `${origin} → ${destination}`
      : origin
        ? ctx.t('tracking.from', { place: origin })
        : destination
          ? ctx.t('tracking.to', { place: destination })
          : undefined;
  return blockOf(
    'line',
    ...joined(' · ', route && `📍 ${route}`, service && ctx.t('tracking.service', { service })),
  );
}

/** "Sent with China Post, delivered by USPS", when two carriers carry the parcel in turn. */
function legsBlock(shipment: Shipment, ctx: RenderContext): Block | undefined {
  const origin = shipment.legs?.find((leg) => leg.role === 'origin');
  const destination = shipment.legs?.find((leg) => leg.role === 'destination');
  if (!origin || !destination || origin.carrier === destination.carrier) return undefined;
  return blockOf(
    'note',
    ctx.t('tracking.legs', {
      origin: carrierName(origin.carrier, ctx),
      destination: carrierName(destination.carrier, ctx),
    }),
  );
}
