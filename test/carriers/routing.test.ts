import { describe, expect, it } from 'vitest';
import { routesFor } from '../../src/carriers/routing.js';
import { courierCodeOf } from '../../src/carriers/trackingmore/courier-codes.js';

describe('routing', () => {
  it('routes a carrier to its direct adapter first, then TrackingMore with its courier code', () => {
    expect(routesFor('hongkong-post')).toEqual([
      { adapter: 'hongkong-post' },
      { adapter: 'trackingmore', courierCode: 'hong-kong-post' },
    ]);
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])(
    'finds no route and no courier code for %s (no Object.prototype lookups)',
    (carrier) => {
      expect(routesFor(carrier)).toEqual([]);
      expect(courierCodeOf(carrier)).toBeUndefined();
    },
  );
});
