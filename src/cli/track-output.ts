import { carrierInfo } from '../carriers/catalogue.js';
import type { TrackResult } from '../tracking/tracking-service.js';

/**
 * One line of `postie track --json` (DESIGN.md, a stable interface): events newest first, times in
 * ISO 8601 with the event's own UTC offset.
 */
export interface TrackJsonLine {
  readonly number: string;
  readonly carrier: string | null;
  readonly adapter: string | null;
  readonly outcome: 'found' | 'not_found' | 'failed';
  readonly status: string | null;
  readonly events: readonly { time: string; location: string | null; description: string; status: string }[];
  readonly error?: { readonly code: string; readonly message: string };
  readonly reason?: string;
}

export function toTrackJson(result: TrackResult): TrackJsonLine {
  const { outcome } = result;
  const base = {
    number: result.number,
    carrier: result.carrier,
    adapter: result.adapter,
    outcome: outcome.kind,
  };
  if (outcome.kind === 'found') {
    return {
      ...base,
      status: outcome.shipment.status,
      events: outcome.shipment.events.map((e) => ({
        time: e.time,
        location: e.location?.text ?? null,
        description: e.description.text,
        status: e.status,
      })),
    };
  }
  if (outcome.kind === 'not_found') return { ...base, status: null, events: [], reason: outcome.reason };
  return {
    ...base,
    status: null,
    events: [],
    error: { code: outcome.error.code, message: outcome.error.message },
  };
}

/** The plain-text timeline of `postie track`: the number, who carries it, its status, then its events. */
export function formatTrackResult(result: TrackResult): string {
  const carrier = result.carrier ? (carrierInfo(result.carrier)?.name ?? result.carrier) : 'unknown carrier';
  const via = result.adapter ? ` via ${result.adapter}` : '';
  const head = `${result.number}  ${carrier}${via}`;
  const { outcome } = result;
  if (outcome.kind === 'not_found') return `${head}\n  not found (${outcome.reason.replace('_', ' ')})`;
  if (outcome.kind === 'failed') return `${head}\n  failed: ${outcome.error.code}: ${outcome.error.message}`;
  const { shipment } = outcome;
  const lines = [`${head}: ${shipment.status.replaceAll('_', ' ')}`];
  if (shipment.origin || shipment.destination)
    lines.push(`  ${shipment.origin?.text ?? '?'} → ${shipment.destination?.text ?? '?'}`);
  for (const event of shipment.events) {
    const where = event.location ? `  ${event.location.text}` : '';
    lines.push(`  ${event.time.replace('T', ' ')}${where}  ${event.description.text}`);
  }
  return lines.join('\n');
}
