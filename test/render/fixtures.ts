import type { Candidate } from '../../src/detect/candidate.js';
import type { AdapterId, CarrierId } from '../../src/domain/carrier.js';
import { CarrierError, type CarrierErrorCode } from '../../src/domain/carrier-error.js';
import type { Locale } from '../../src/domain/locale.js';
import type { TrackOutcome } from '../../src/domain/outcome.js';
import type { Reply } from '../../src/domain/reply.js';
import type { Shipment, ShipmentStatus, TrackingEvent } from '../../src/domain/shipment.js';
import { type TrackingNumber, toTrackingNumber } from '../../src/domain/tracking-number.js';
import type { TrackingView } from '../../src/render/renderer.js';
import type { TrackResult } from '../../src/tracking/tracking-service.js';

/** 24 Nov 2024, 17:05 in Hong Kong (09:05 UTC). */
export const NOW = Date.parse('2024-11-24T09:05:00Z');

export function view(overrides: Partial<TrackingView> = {}): TrackingView {
  return {
    locale: 'en' as Locale,
    timeZone: 'Asia/Hong_Kong',
    now: NOW,
    chatKind: 'private',
    subscribed: false,
    showAll: false,
    ...overrides,
  };
}

export function number(written: string): TrackingNumber {
  return toTrackingNumber(written) ?? (written as TrackingNumber);
}

let keys = 0;
export function event(overrides: Partial<TrackingEvent> = {}): TrackingEvent {
  keys += 1;
  return {
    key: `k${keys}`,
    time: '2024-11-24T14:05:00+08:00',
    description: { text: 'Item processed' },
    status: 'in_transit' as ShipmentStatus,
    ...overrides,
  };
}

export function shipment(overrides: Partial<Shipment> = {}): Shipment {
  return {
    number: number('RB000000014HK'),
    carrier: 'hongkong-post',
    adapter: 'hongkong-post',
    status: 'in_transit',
    events: [event()],
    fetchedAt: '2024-11-24T09:05:00Z',
    ...overrides,
  };
}

export function candidate(carrier: CarrierId, adapter: AdapterId | null = 'trackingmore'): Candidate {
  return { carrier, adapter, check: 'none', rule: 'test' };
}

export function result(outcome: TrackOutcome, overrides: Partial<TrackResult> = {}): TrackResult {
  const carrier = overrides.carrier === undefined ? 'hongkong-post' : overrides.carrier;
  return {
    input: 'RB000000014HK',
    number: number('RB000000014HK'),
    carrier,
    adapter: 'hongkong-post',
    outcome,
    candidates: carrier ? [candidate(carrier, 'hongkong-post')] : [],
    ...overrides,
  };
}

export const found = (s: Partial<Shipment> = {}, r: Partial<TrackResult> = {}): TrackResult =>
  result({ kind: 'found', shipment: shipment(s) }, r);

export const failed = (code: CarrierErrorCode, retryAfterMs?: number): TrackResult =>
  result({
    kind: 'failed',
    error: new CarrierError(
      'hongkong-post',
      code,
      'secret token=abc123 upstream said 500 at /internal/path',
      {
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      },
    ),
  });

/** The reply as one string per block, for readable assertions. */
export function lines(reply: Reply): string[] {
  return reply.blocks.map((b) => b.spans.map((s) => s.text).join(''));
}

export const text = (reply: Reply): string => lines(reply).join('\n');

export const buttonLabels = (reply: Reply): string[] => (reply.buttons ?? []).flat().map((b) => b.label);
