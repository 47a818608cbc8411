import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMemoryCache } from '../../../src/cache/memory-cache.js';
import type { CarrierAdapter, TrackRequest } from '../../../src/carriers/adapter.js';
import { fuuffyAdapter } from '../../../src/carriers/fuuffy/index.js';
import {
  type FuuffySandbox,
  type FuuffySandboxOptions,
  fuuffySandboxEnv,
  startFuuffySandbox,
} from '../../../src/carriers/fuuffy/sandbox.js';
import { type TrackingNumber, toTrackingNumber } from '../../../src/domain/tracking-number.js';
import { createHttpClient } from '../../../src/http/http-client.js';
import type { ManualClock } from '../../../src/time/manual-clock.js';
import { captureLogger } from '../../helpers/capture-logger.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');

/** A fixture's text, e.g. `fixture('trackingGet.seed')`. */
export const fixture = (name: string): string => readFileSync(join(FIXTURES, `${name}.json`), 'utf8');

/** Every fixture file, by name without `.json`. */
export const allFixtures = (): Record<string, string> =>
  Object.fromEntries(
    readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.json'))
      .map((f) => [f.replace(/\.json$/, ''), readFileSync(join(FIXTURES, f), 'utf8')]),
  );

function number(written: string): TrackingNumber {
  const n = toTrackingNumber(written);
  if (n === null) throw new Error(`not a tracking number: ${written}`);
  return n;
}

/** A lookup of an SF Express number (or, with `byOrderId`, a Fuuffy order id). */
export const sf = (written: string, byOrderId = false): TrackRequest => ({
  number: number(written),
  carrier: 'sf-express',
  ...(byOrderId && { byOrderId }),
});

export interface FuuffyInstance {
  readonly adapter: CarrierAdapter;
  readonly sandbox: FuuffySandbox;
  /** JSON log lines written by the adapter. */
  readonly logs: Record<string, unknown>[];
  close(): Promise<void>;
}

/** The sandbox on loopback and an adapter pointed at it through `fuuffySandboxEnv`, both on `clock`. */
export async function startFuuffy(
  clock: ManualClock,
  options: Omit<FuuffySandboxOptions, 'clock'> = {},
): Promise<FuuffyInstance> {
  const sandbox = await startFuuffySandbox({ clock, ...options });
  const { FUUFFY_BASE_URL, FUUFFY_CLIENT_ID, FUUFFY_CLIENT_SECRET } = fuuffySandboxEnv(sandbox);
  const http = createHttpClient();
  const { logger, lines } = captureLogger('debug');
  const adapter = await fuuffyAdapter.create(
    {
      baseUrl: FUUFFY_BASE_URL ?? '',
      clientId: FUUFFY_CLIENT_ID ?? '',
      clientSecret: FUUFFY_CLIENT_SECRET ?? '',
    },
    { http, clock, logger, cache: createMemoryCache(clock), requestTimeoutMs: 1000 },
  );
  return {
    adapter,
    sandbox,
    logs: lines,
    close: async () => {
      await http.close();
      await sandbox.close();
    },
  };
}
