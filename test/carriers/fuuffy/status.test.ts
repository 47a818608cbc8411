import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SANDBOX_PARCELS } from '../../../src/carriers/fuuffy/sandbox-parcels.js';
import {
  FUUFFY_ORDER_STATUS,
  SF_ROUTE_STATUS,
  statusForOrderStatus,
  statusForRouteCode,
} from '../../../src/carriers/fuuffy/status.js';

const source = readFileSync(join(import.meta.dirname, '../../../src/carriers/fuuffy/status.ts'), 'utf8');

/** Every `'code': 'status'` entry as written in the source (an object literal would hide a repeated key). */
const writtenEntries = [...source.matchAll(/^\s+'?([^\s':]+)'?: '([a-z_]+)',/gm)].map((m) => [m[1], m[2]]);

// The rules every adapter's tables keep (real statuses, every fixture code mapped) are checked for all of
// them by test/carriers/registry.test.ts.
describe('fuuffy status tables', () => {
  it('lists each code once, so no code maps to two statuses', () => {
    const codes = writtenEntries.map(([code]) => code);
    expect(codes.length).toBe(Object.keys(SF_ROUTE_STATUS).length + Object.keys(FUUFFY_ORDER_STATUS).length);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('maps every route code and order status of the sandbox parcels', () => {
    for (const parcel of SANDBOX_PARCELS) {
      expect(FUUFFY_ORDER_STATUS).toHaveProperty([parcel.orderStatus]);
      for (const { event } of parcel.steps) expect(SF_ROUTE_STATUS).toHaveProperty([event.code]);
    }
  });

  it('has a sandbox parcel showing every status the tables use', () => {
    const shown = new Set(
      SANDBOX_PARCELS.flatMap((p) =>
        p.steps.length === 0
          ? [FUUFFY_ORDER_STATUS[p.orderStatus]]
          : p.steps.map((s) => SF_ROUTE_STATUS[s.event.code]),
      ),
    );
    const used = new Set([...Object.values(SF_ROUTE_STATUS), ...Object.values(FUUFFY_ORDER_STATUS)]);
    expect([...used].filter((status) => !shown.has(status))).toEqual([]);
  });

  it('reads a code named like an object property (constructor, toString) as unknown, not as that property', () => {
    for (const code of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(statusForRouteCode(code)).toBe('unknown');
      expect(statusForOrderStatus(code)).toBe('unknown');
    }
  });
});
