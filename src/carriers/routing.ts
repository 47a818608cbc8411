import type { AdapterId, CarrierId } from '../domain/carrier.js';
import { directAdapters } from './registry.js';
import { courierCodeOf } from './trackingmore/courier-codes.js';

export interface Route {
  readonly adapter: AdapterId;
  /** TrackingMore's courier code when the route goes through TrackingMore. */
  readonly courierCode?: string;
}

/** Read from the registry on first use. */
let direct: ReturnType<typeof directAdapters> | undefined;

/** Every adapter that can answer for a carrier, best first: direct adapters, then TrackingMore. */
export function routesFor(carrier: CarrierId): Route[] {
  direct ??= directAdapters();
  const routes: Route[] = direct
    .filter((d) => d.carriers.includes(carrier))
    .map((d) => ({ adapter: d.adapter }));
  const courierCode = courierCodeOf(carrier);
  if (courierCode) routes.push({ adapter: 'trackingmore', courierCode });
  return routes;
}
