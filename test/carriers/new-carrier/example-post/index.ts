import type { LaneLimits } from '../../../../src/carriers/adapter.js';
import { defineCarrier, type EnvSettings, type SettingsOf } from '../../../../src/carriers/manifest.js';

/**
 * Example Post: a carrier that exists only in this test, added the way a real one is (README "Adding a
 * carrier"): this folder and its manifest, and no other file edited. Its API is `GET /parcels/{number}`
 * with an `X-Api-Key` header.
 */
const LIMITS: LaneLimits = {
  windows: [{ limit: 10, windowMs: 1000 }],
  concurrency: 2,
  batchSize: 1,
  batchWindowMs: 0,
  requestTimeoutMs: 5_000,
  cacheTtlMs: 60_000,
};

const ENV = {
  apiKey: { key: 'EXAMPLE_POST_API_KEY', kind: 'secret' },
  baseUrl: { key: 'EXAMPLE_POST_BASE_URL', kind: 'url', default: 'https://api.example-post.invalid/v1' },
} as const satisfies EnvSettings;

export type ExamplePostSettings = SettingsOf<typeof ENV>;

export const examplePostAdapter = defineCarrier({
  id: 'example-post',
  label: 'Example Post',
  limits: LIMITS,
  serves: ['example-post'],
  env: ENV,
  create: async (settings, deps) =>
    (await import('./adapter.js')).createExamplePostAdapter(settings, deps, LIMITS),
  sandbox: async () => (await import('./sandbox.js')).examplePostSandbox,
  statusTables: async () => (await import('./status.js')).STATUS_TABLES,
});
