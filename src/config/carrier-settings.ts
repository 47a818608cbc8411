import * as z from 'zod';
import type { CarrierManifest, CarriersConfig, EnvSetting } from '../carriers/manifest.js';
import { httpBaseUrl } from './env-schema.js';
import { requireSet } from './require-set.js';

/**
 * The carrier adapters' part of the configuration, composed from their manifests' `env` declarations
 * (`src/carriers/registry.ts`): their variables' zod entries, their settings, their secrets.
 */

/** The zod entry of one setting: credentials are optional strings, URLs have their default. */
function schemaOf(setting: EnvSetting) {
  return setting.kind === 'url' ? httpBaseUrl.default(setting.default) : z.string().optional();
}

/** Every adapter's variables, in registry order, as entries of the environment's schema. */
export function carrierEnvShape(
  registry: readonly CarrierManifest[],
): Record<string, ReturnType<typeof schemaOf>> {
  return Object.fromEntries(
    registry.flatMap((manifest) => Object.values(manifest.env).map((s) => [s.key, schemaOf(s)] as const)),
  );
}

/** The variables whose values are secrets. */
export function carrierSecretKeys(registry: readonly CarrierManifest[]): string[] {
  return registry.flatMap((m) =>
    Object.values(m.env)
      .filter((s) => s.kind === 'secret')
      .map((s) => s.key),
  );
}

/**
 * Each adapter's settings, keyed by adapter id, when all its credentials (and secrets) are set; an
 * adapter without them is left out and named in `disabled`. `env` is the parsed environment.
 */
export function buildCarrierSettings<M extends CarrierManifest>(
  env: Readonly<Record<string, string | undefined>>,
  registry: readonly M[],
  disabled: string[],
): CarriersConfig<M> {
  const carriers: Record<string, Record<string, string>> = {};
  for (const manifest of registry) {
    const settings = Object.entries(manifest.env);
    const credentials = settings.filter(([, s]) => s.kind !== 'url').map(([, s]) => [s.key, env[s.key]]);
    if (!requireSet(manifest.id, Object.fromEntries(credentials), disabled)) continue;
    carriers[manifest.id] = Object.fromEntries(settings.map(([name, s]) => [name, env[s.key] ?? '']));
  }
  return carriers as CarriersConfig<M>;
}
