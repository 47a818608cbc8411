import type { AdapterId, CarrierId } from '../domain/carrier.js';
import type { CarrierManifest } from './manifest.js';
import { ADAPTERS } from './registry.js';

export interface Route {
  readonly adapter: AdapterId;
  /** The aggregator's courier code when the route goes through one (TrackingMore). */
  readonly courierCode?: string;
}

/**
 * Every adapter that can answer for a carrier, best first: registry order, each adapter as its manifest
 * says what it serves. Manifests load none of the adapters' code, so detection routes numbers without
 * loading HTTP clients or schemas. `registry` is `ADAPTERS` but for tests.
 */
export function routesFor(carrier: CarrierId, registry: readonly CarrierManifest[] = ADAPTERS): Route[] {
  return registry.flatMap((manifest): Route[] => {
    const { serves } = manifest;
    if (typeof serves !== 'function') return serves.includes(carrier) ? [{ adapter: manifest.id }] : [];
    const via = serves(carrier);
    return via === undefined ? [] : [{ adapter: manifest.id, courierCode: via.courierCode }];
  });
}
