import { describe, expect, it } from 'vitest';
import type { Shipment, ShipmentStatus, TrackingEvent } from '../../../src/domain/shipment.js';
import type { TrackingNumber } from '../../../src/domain/tracking-number.js';
import { days, hours } from '../../../src/subscriptions/polling/cadence-table.js';
import { routeOf, stallDeadline, stallSituation } from '../../../src/subscriptions/stall/stall-deadline.js';
import { STALL_AFTER } from '../../../src/subscriptions/stall/stall-table.js';

const AT = '2026-03-02T10:00:00+08:00';
const AT_MS = Date.parse(AT);

function event(
  text: string,
  status: ShipmentStatus,
  time = AT,
  byLocale?: Record<string, string>,
): TrackingEvent {
  return {
    key: `${time}|${text}`,
    time,
    description: { text, ...(byLocale ? { byLocale } : {}) },
    status,
  };
}

function shipment(status: ShipmentStatus, extra: Partial<Shipment> = {}, text = 'Scanned'): Shipment {
  return {
    number: '00094210000000000001' as TrackingNumber,
    carrier: 'nz-post',
    adapter: 'nz-post',
    status,
    events: [event(text, status)],
    fetchedAt: AT,
    ...extra,
  };
}

describe('when a parcel stalls', () => {
  it('counts from the last event, by status and route', () => {
    const home = { origin: { text: 'NEW ZEALAND' }, destination: { text: 'New Zealand' } };
    const abroad = { origin: { text: 'CHINA' }, destination: { text: 'NEW ZEALAND' } };
    expect(stallDeadline(shipment('in_transit', home), 0)).toEqual({ since: AT_MS, at: AT_MS + days(3) });
    expect(stallDeadline(shipment('in_transit', abroad), 0)?.at).toBe(AT_MS + days(7));
    expect(stallDeadline(shipment('available_for_pickup'), 0)?.at).toBe(AT_MS + days(5));
    expect(stallDeadline(shipment('in_transit', abroad, 'Held by customs'), 0)?.at).toBe(AT_MS + days(4));
  });

  it('reads customs and returns from the last event in any of its languages; released goes on as transit', () => {
    const customs = {
      ...shipment('in_transit'),
      events: [event('Handed over', 'in_transit', AT, { 'zh-HK': '已交海關' })],
    };
    expect(stallSituation(customs)).toBe('at_customs');
    expect(stallSituation(shipment('in_transit', {}, 'Released from customs'))).toBe('in_transit');
    expect(stallSituation(shipment('exception', {}, 'Returned to sender'))).toBe('returned');
    expect(stallSituation(shipment('in_transit', {}, '已退回寄件人'))).toBe('returned');
    expect(stallSituation(shipment('exception', {}, 'Damaged'))).toBe('exception');
  });

  it('never stalls a delivered, expired or returned parcel', () => {
    expect(stallDeadline(shipment('delivered'), 0)).toBeUndefined();
    expect(stallDeadline(shipment('expired'), 0)).toBeUndefined();
    expect(stallDeadline(shipment('exception', {}, 'Returned to sender'), 0)).toBeUndefined();
    expect(STALL_AFTER.delivered).toBe('never');
  });

  it('tells the route by origin and destination, then by legs, then by the number', () => {
    expect(routeOf(shipment('in_transit'))).toBe('domestic');
    expect(routeOf(shipment('in_transit', { number: 'EA000001006HK' as TrackingNumber }))).toBe(
      'international',
    );
    expect(
      routeOf(
        shipment('in_transit', {
          legs: [
            { role: 'origin', carrier: 'china-post', events: [] },
            { role: 'destination', carrier: 'nz-post', events: [] },
          ],
        }),
      ),
    ).toBe('international');
    expect(
      routeOf(
        shipment('in_transit', {
          number: 'EA000001006HK' as TrackingNumber,
          origin: { text: 'HONG KONG' },
          destination: { text: 'HONG KONG' },
        }),
      ),
    ).toBe('domestic');
  });

  it('gives out for delivery until a day after its window: the estimate, else the end of that local day', () => {
    const out = shipment('out_for_delivery');
    expect(stallDeadline(out, 0)?.at).toBe(Date.parse('2026-03-04T00:00:00+08:00'));
    const windowed = shipment('out_for_delivery', {
      estimatedDelivery: { from: '2026-03-02T14:00:00+08:00', to: '2026-03-02T18:00:00+08:00' },
    });
    expect(stallDeadline(windowed, 0)?.at).toBe(Date.parse('2026-03-02T18:00:00+08:00') + days(1));
  });

  it('counts from the last news when the parcel has no readable event', () => {
    const none = { ...shipment('info_received'), events: [] };
    expect(stallDeadline(none, AT_MS - hours(2))).toEqual({
      since: AT_MS - hours(2),
      at: AT_MS - hours(2) + days(5),
    });
  });
});
