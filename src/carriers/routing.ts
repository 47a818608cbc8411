import type { AdapterId, CarrierId } from '../domain/carrier.js';
import { courierCodeOf } from './trackingmore/courier-codes.js';

export interface Route {
  readonly adapter: AdapterId;
  /** TrackingMore's courier code when the route goes through TrackingMore. */
  readonly courierCode?: string;
}

/**
 * The carriers each direct adapter asks about, in routing order; TrackingMore serves every carrier with a
 * courier code. Kept apart from the adapters (`registry.ts`) so that detection routes numbers without
 * loading their HTTP clients and schemas.
 */
export const DIRECT_ROUTES: readonly {
  readonly adapter: AdapterId;
  readonly carriers: readonly CarrierId[];
}[] = [
  { adapter: 'hongkong-post', carriers: ['hongkong-post'] },
  { adapter: 'nz-post', carriers: ['nz-post', 'courierpost'] },
  { adapter: 'fuuffy', carriers: ['sf-express'] },
];

/** Every adapter that can answer for a carrier, best first: direct adapters, then TrackingMore. */
export function routesFor(carrier: CarrierId): Route[] {
  const routes: Route[] = DIRECT_ROUTES.filter((d) => d.carriers.includes(carrier)).map((d) => ({
    adapter: d.adapter,
  }));
  const courierCode = courierCodeOf(carrier);
  if (courierCode) routes.push({ adapter: 'trackingmore', courierCode });
  return routes;
}
