import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyValueCache } from '../../../src/cache/memory-cache.js';
import type { CarrierAdapter, TrackRequest } from '../../../src/carriers/adapter.js';
import { trackingmoreAdapter } from '../../../src/carriers/trackingmore/index.js';
import type { RawAnswer } from '../../../src/carriers/trackingmore/response.js';
import {
  startTrackingmoreSandbox,
  type TrackingmoreSandbox,
  type TrackingmoreSandboxOptions,
} from '../../../src/carriers/trackingmore/sandbox.js';
import type { TrackingNumber } from '../../../src/domain/tracking-number.js';
import { createHttpClient } from '../../../src/http/http-client.js';
import { createLogger, type Logger } from '../../../src/logger.js';
import type { ManualClock } from '../../../src/time/manual-clock.js';

/** A fixture's text: `fixtures/<operation>.<scenario>.json`. */
export function fixture(name: string): string {
  return readFileSync(join(import.meta.dirname, 'fixtures', `${name}.json`), 'utf8');
}

export const answer = (name: string, status = 200, headers: Record<string, string> = {}): RawAnswer => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: fixture(name),
});

const silentLogger = createLogger({ level: 'silent', pretty: false });

/** A cache that keeps nothing, for tests that must see every call reach the sandbox. */
export const NO_CACHE: KeyValueCache = {
  get: async () => undefined,
  set: async () => undefined,
  delete: async () => undefined,
};

export const request = (
  number: string,
  courierCode?: string,
  extra: Partial<TrackRequest> = {},
): TrackRequest => ({
  number: number as TrackingNumber,
  carrier: courierCode ?? 'unknown',
  ...(courierCode === undefined ? {} : { courierCode }),
  ...extra,
});

export interface Running {
  readonly adapter: CarrierAdapter;
  readonly sandbox: TrackingmoreSandbox;
  close(): Promise<void>;
}

/** The sandbox on loopback and the real adapter pointed at it, on `clock`. */
export async function startRunning(
  clock: ManualClock,
  options: {
    readonly cache: KeyValueCache;
    readonly logger?: Logger;
    readonly sandbox?: Omit<TrackingmoreSandboxOptions, 'clock'>;
  },
): Promise<Running> {
  const sandbox = await startTrackingmoreSandbox({ clock, ...options.sandbox });
  const http = createHttpClient();
  const adapter = await trackingmoreAdapter.create(
    { apiKey: sandbox.apiKey, baseUrl: `${sandbox.url}/v2` },
    { http, clock, logger: options.logger ?? silentLogger, cache: options.cache, requestTimeoutMs: 1000 },
  );
  return {
    adapter,
    sandbox,
    close: async () => {
      await http.close();
      await sandbox.close();
    },
  };
}
