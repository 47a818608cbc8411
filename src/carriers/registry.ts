import type { AdapterDeps, CarrierAdapter, LaneLimits } from './adapter.js';
import { fuuffyAdapter } from './fuuffy/index.js';
import { hongkongPostAdapter } from './hongkong-post/index.js';
import type { CarrierManifest, CarriersConfig, SettingsOf } from './manifest.js';
import { nzPostAdapter } from './nz-post/index.js';
import { trackingmoreAdapter } from './trackingmore/index.js';

/**
 * Every carrier adapter, in routing order (STYLE.md §3: one explicit list, no folder scanning): the
 * direct adapters first, TrackingMore, which serves every other carrier, last. Each entry is the
 * manifest of its folder (`<id>/index.ts`); the configuration, routing and the sandboxes read them
 * from here. Adding an adapter is its folder and one entry here.
 */
export const ADAPTERS = [hongkongPostAdapter, nzPostAdapter, fuuffyAdapter, trackingmoreAdapter] as const;

export type RegisteredAdapter = (typeof ADAPTERS)[number];

export interface EnabledAdapter {
  readonly adapter: CarrierAdapter;
  readonly limits: LaneLimits;
}

/**
 * Builds the adapters whose credentials are configured (`Config.carriers` is keyed by adapter id),
 * loading each one's code only now. `registry` is `ADAPTERS` but for tests.
 */
export async function createAdapters<M extends CarrierManifest = RegisteredAdapter>(
  carriers: CarriersConfig<M>,
  deps: AdapterDeps,
  registry: readonly M[] = ADAPTERS as readonly CarrierManifest[] as readonly M[],
): Promise<EnabledAdapter[]> {
  const settingsById: Readonly<Record<string, SettingsOf<M['env']> | undefined>> = carriers;
  const enabled: EnabledAdapter[] = [];
  for (const manifest of registry) {
    const settings = settingsById[manifest.id];
    if (settings !== undefined)
      enabled.push({ adapter: await manifest.create(settings, deps), limits: manifest.limits });
  }
  return enabled;
}

/** The label of a registered adapter, `undefined` for any other id. */
export function adapterLabel(id: string): string | undefined {
  return ADAPTERS.find((manifest) => manifest.id === id)?.label;
}
