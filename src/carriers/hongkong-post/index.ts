import type { LaneLimits } from '../adapter.js';
import { defineCarrier } from '../manifest.js';
import { ENV } from './settings.js';

/** Hongkong Post's limits (seed 000 = the Mail Tracking API document; CARRIERS.md "Hongkong Post"). */
export const HONGKONG_POST_LIMITS: LaneLimits = {
  // Seed: "The frequency of request: 100ms, system will refuse the request if frequency of request exceed
  // the limit"; CARRIERS.md: space them 110–120 ms at the client, network jitter squeezes gaps.
  minSpacingMs: 110,
  // Spacing is per account: one request at a time keeps it.
  concurrency: 1,
  // Seed: "An array of Item No (max 30 items)"; answer 9995 beyond.
  batchSize: 30,
  // Short: gathering lookups costs the interactive user latency; the spacing already batches under load.
  batchWindowMs: 50,
  requestTimeoutMs: 15_000,
  // Seed: "Request limit per day: 100,000"; CARRIERS.md: count per Hong Kong calendar day and per rolling 24 h.
  dailyQuota: { limit: 100_000, timeZone: 'Asia/Hong_Kong' },
  rollingDayQuota: 100_000,
  // The daily budget, not the spacing, is what polling is planned around (CARRIERS.md): reuse answers briefly.
  cacheTtlMs: 5 * 60_000,
};

/**
 * The Hongkong Post Mail Tracking API (EC-Ship platform): S10 items posted with Hongkong Post. The API
 * username (sysId) and access key (sysSecret) are issued by Hongkong Post to registered EC-Ship API users.
 */
export const hongkongPostAdapter = defineCarrier({
  id: 'hongkong-post',
  label: 'Hongkong Post',
  limits: HONGKONG_POST_LIMITS,
  serves: ['hongkong-post'],
  env: ENV,
  create: async (settings, deps) =>
    (await import('./adapter.js')).createHongkongPostAdapter(settings, deps, HONGKONG_POST_LIMITS),
  sandbox: async () => (await import('./sandbox.js')).hongkongPostSandbox,
  statusTables: async () => (await import('./status.js')).STATUS_TABLES,
});
