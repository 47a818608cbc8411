import { describe, expect, it } from 'vitest';
import { TRACKINGMORE_SANDBOX_PARCELS } from '../../../src/carriers/trackingmore/sandbox-parcels.js';
import { TRACKINGMORE_STATUS_TABLE, trackingmoreStatus } from '../../../src/carriers/trackingmore/status.js';
import { captureLogger } from '../../helpers/capture-logger.js';

const mapped = new Set(TRACKINGMORE_STATUS_TABLE.map(([code]) => code));

// The rules every adapter's table keeps (one status per code, every fixture code mapped) are checked
// for all of them by test/carriers/registry.test.ts.
describe('the TrackingMore status table', () => {
  it('maps every code the sandbox parcels use, and the parcels use every code', () => {
    const used = new Set<string>();
    for (const parcel of TRACKINGMORE_SANDBOX_PARCELS) {
      for (const step of [...parcel.origin, ...(parcel.destination?.steps ?? [])])
        used.add(step.event.status);
      used.add(parcel.statusWithoutEvents ?? 'notfound');
    }
    expect([...used].filter((code) => !mapped.has(code))).toEqual([]);
    expect([...mapped].filter((code) => !used.has(code))).toEqual([]);
  });

  it('tells out for delivery from waiting for collection within pickup', () => {
    expect(trackingmoreStatus('pickup', 'Out For Delivery Today')).toBe('out_for_delivery');
    expect(trackingmoreStatus('pickup', 'On FedEx vehicle for delivery')).toBe('out_for_delivery');
    expect(trackingmoreStatus('pickup', 'Awaiting collection at Post Office')).toBe('available_for_pickup');
    expect(trackingmoreStatus('pickup', 'Ready for pick up')).toBe('available_for_pickup');
    expect(trackingmoreStatus('pickup', '快件已到达驿站，请凭取件码自取')).toBe('available_for_pickup');
  });

  it('answers unknown for an unmapped code and logs it once', () => {
    const { logger, lines } = captureLogger();
    expect(trackingmoreStatus('transit006', 'Somewhere', logger)).toBe('unknown');
    expect(trackingmoreStatus('transit006', 'Elsewhere', logger)).toBe('unknown');
    const warnings = lines.filter((line) => Object.values(line).includes('transit006'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      adapter: 'trackingmore',
      vendorCode: 'transit006',
      msg: 'unmapped TrackingMore status code',
    });
  });
});
