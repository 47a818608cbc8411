import type { CarriersConfig } from '../config.js';
import type { AdapterDefinition, AdapterDeps, CarrierAdapter, LaneLimits } from './adapter.js';
import { fuuffyAdapter } from './fuuffy/index.js';
import { hongkongPostAdapter } from './hongkong-post/index.js';
import { nzPostAdapter } from './nz-post/index.js';
import { trackingmoreAdapter } from './trackingmore/index.js';

/**
 * Every carrier adapter, in routing order (STYLE.md §3: one explicit list, no folder scanning). The
 * direct adapters come first; TrackingMore, which serves every other carrier, last. Which carriers each
 * one serves is `routing.ts`.
 */
export const ADAPTERS = [hongkongPostAdapter, nzPostAdapter, fuuffyAdapter, trackingmoreAdapter] as const;

export interface EnabledAdapter {
  readonly adapter: CarrierAdapter;
  readonly limits: LaneLimits;
}

/** Builds the adapters whose credentials are configured (`Config.carriers` is keyed by adapter id). */
export function createAdapters(carriers: CarriersConfig, deps: AdapterDeps): EnabledAdapter[] {
  const enabled: EnabledAdapter[] = [];
  const enable = <C>(definition: AdapterDefinition<C>, config: C | undefined) => {
    if (config !== undefined)
      enabled.push({ adapter: definition.create(config, deps), limits: definition.limits });
  };
  enable(hongkongPostAdapter, carriers['hongkong-post']);
  enable(nzPostAdapter, carriers['nz-post']);
  enable(fuuffyAdapter, carriers.fuuffy);
  enable(trackingmoreAdapter, carriers.trackingmore);
  return enabled;
}
