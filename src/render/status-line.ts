import type { Block } from '../domain/reply.js';
import type { Shipment, ShipmentStatus } from '../domain/shipment.js';
import { agoFor } from './relative-time.js';
import type { RenderContext } from './render-context.js';
import { blockOf, bold, code, italic, joined } from './spans.js';
import { parseInstant } from './times.js';

/** One symbol per status, so a list of parcels can be read at a glance. */
export const STATUS_SYMBOLS: Readonly<Record<ShipmentStatus, string>> = {
  pending: '⏳',
  info_received: '🏷️',
  in_transit: '🚚',
  out_for_delivery: '🛵',
  available_for_pickup: '🏤',
  failed_attempt: '🚪',
  delivered: '✅',
  exception: '⚠️',
  expired: '⌛',
  unknown: '❔',
};

/** The journey as people picture it; `progress.<step>` names each. */
export const PROGRESS_STEPS = ['posted', 'in_transit', 'out_for_delivery', 'delivered'] as const;

/**
 * How far along the journey a status is: the index of the last step reached, -1 for none. A label
 * created is not yet posted; a parcel at a pickup point or after a missed delivery has reached the last
 * mile. Statuses that say nothing of progress (`exception`, `expired`, `unknown`) have no step.
 */
const STEP_OF: Readonly<Record<ShipmentStatus, number | undefined>> = {
  pending: -1,
  info_received: -1,
  in_transit: 1,
  out_for_delivery: 2,
  available_for_pickup: 2,
  failed_attempt: 2,
  delivered: 3,
  exception: undefined,
  expired: undefined,
  unknown: undefined,
};

/** The furthest step the shipment is known to have reached: its status, else the furthest of its events. */
function progressStep(shipment: Pick<Shipment, 'status' | 'events'>): number {
  const own = STEP_OF[shipment.status];
  if (own !== undefined) return own;
  return shipment.events.reduce((furthest, e) => Math.max(furthest, STEP_OF[e.status] ?? -1), -1);
}

/** `●━━●━━○━━○`: filled up to and including `step`. */
function progressBar(step: number): string {
  return PROGRESS_STEPS.map((_, i) => (i <= step ? '●' : '○')).join('━━');
}

/**
 * The status line (symbol, status, when the carrier last had news), the progress bar, and the step
 * names with the step reached in bold.
 */
export function statusBlocks(shipment: Shipment, ctx: RenderContext): Block[] {
  const newest = shipment.events[0];
  const at = newest === undefined ? undefined : parseInstant(newest.time);
  const updated = at ? ctx.t('tracking.updated', { ago: agoFor(at.ms, ctx) }) : undefined;
  const step = progressStep(shipment);
  const names = PROGRESS_STEPS.map((name, i) => {
    const text = ctx.t(`progress.${name}`);
    return i === step ? bold(text) : text;
  });
  return [
    blockOf(
      'line',
      ...joined(
        ' · ',
        bold(`${STATUS_SYMBOLS[shipment.status]} ${ctx.t(`statuses.${shipment.status}`)}`),
        updated && italic(updated),
      ),
    ),
    blockOf('line', code(progressBar(step))),
    blockOf('note', ...joined(' → ', ...names)),
  ].filter((b): b is Block => b !== undefined);
}
