import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMemoryCache } from '../../../src/cache/memory-cache.js';
import type { CarrierAdapter, TrackRequest } from '../../../src/carriers/adapter.js';
import { nzPostAdapter } from '../../../src/carriers/nz-post/index.js';
import type { ParcelAnswer, ParcelQuestion } from '../../../src/carriers/nz-post/response.js';
import {
  type NzPostSandbox,
  nzPostSandboxEnv,
  startNzPostSandbox,
} from '../../../src/carriers/nz-post/sandbox.js';
import { toTrackingNumber } from '../../../src/domain/tracking-number.js';
import { createHttpClient, type HttpClient } from '../../../src/http/http-client.js';
import { createLogger, type Logger } from '../../../src/logger.js';
import type { ManualClock } from '../../../src/time/manual-clock.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');

/** A fixture's text, e.g. `fixture('parcels.out-for-delivery')`. */
export const fixture = (name: string): string => readFileSync(join(FIXTURES, `${name}.json`), 'utf8');

/** Every fixture name (without `.json`). */
export const fixtureNames = (): string[] =>
  readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length));

/** A request for an NZ Post number, as detection would hand it over. */
export function nzRequest(written: string, carrier = 'nz-post'): TrackRequest {
  const number = toTrackingNumber(written);
  if (number === null) throw new Error(`not a tracking number: ${written}`);
  return { number, carrier };
}

/** The HTTP status NZ Post pairs with a fixture: the first three digits of its error code, else 200. */
export function answerFor(name: string): ParcelAnswer {
  const body = fixture(name);
  const code = /"code":\s*"(\d{3})\d{3}"/.exec(body)?.[1];
  const status = code === undefined || code.startsWith('2') ? 200 : Number(code);
  return { status, headers: { 'content-type': 'application/json' }, body };
}

export const question = (written: string, atMs = Date.UTC(2026, 0, 1)): ParcelQuestion => ({
  request: nzRequest(written),
  atMs,
});

export interface Rig {
  readonly sandbox: NzPostSandbox;
  readonly adapter: CarrierAdapter;
  readonly http: HttpClient;
  close(): Promise<void>;
}

/** A sandbox on `clock` and an adapter pointed at it through its env, as `postie sandbox` would. */
export async function startRig(
  clock: ManualClock,
  options: { enforceLimits?: boolean; queueTimeoutMs?: number; logger?: Logger } = {},
): Promise<Rig> {
  const sandbox = await startNzPostSandbox({
    clock,
    enforceLimits: options.enforceLimits ?? false,
    ...(options.queueTimeoutMs === undefined ? {} : { queueTimeoutMs: options.queueTimeoutMs }),
  });
  const {
    NZPOST_CLIENT_ID: clientId = '',
    NZPOST_CLIENT_SECRET: clientSecret = '',
    NZPOST_BASE_URL: baseUrl = '',
    NZPOST_AUTH_URL: authUrl = '',
  } = nzPostSandboxEnv(sandbox);
  const http = createHttpClient();
  const adapter = await nzPostAdapter.create(
    { clientId, clientSecret, baseUrl, authUrl },
    {
      http,
      clock,
      logger: options.logger ?? createLogger({ level: 'silent', pretty: false }),
      cache: createMemoryCache(clock),
      requestTimeoutMs: 1500,
    },
  );
  return {
    sandbox,
    adapter,
    http,
    close: async () => {
      await http.close();
      await sandbox.close();
    },
  };
}

export const isTracking = (path: string) => path.startsWith('/parceltrack/3.0/parcels/');
export const isLogin = (path: string) => path === '/as/token.oauth2';
