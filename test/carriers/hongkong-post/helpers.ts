import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createMemoryCache } from '../../../src/cache/memory-cache.js';
import type { CarrierAdapter, TrackRequest } from '../../../src/carriers/adapter.js';
import { hongkongPostAdapter } from '../../../src/carriers/hongkong-post/index.js';
import type { MailTrackingQuestion } from '../../../src/carriers/hongkong-post/response.js';
import {
  type HongkongPostSandbox,
  SANDBOX_SYS_ID,
  SANDBOX_SYS_SECRET,
  startHongkongPostSandbox,
} from '../../../src/carriers/hongkong-post/sandbox.js';
import type { TrackingLang } from '../../../src/carriers/hongkong-post/schema.js';
import { CarrierError } from '../../../src/domain/carrier-error.js';
import type { TrackOutcome } from '../../../src/domain/outcome.js';
import type { Shipment } from '../../../src/domain/shipment.js';
import type { TrackingNumber } from '../../../src/domain/tracking-number.js';
import { createHttpClient, type HttpResponse } from '../../../src/http/http-client.js';
import { createLogger, type Logger } from '../../../src/logger.js';
import type { ManualClock } from '../../../src/time/manual-clock.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');

/** A fixture's text, e.g. `fixture('mailTracking.delivered')`. */
export const fixture = (name: string): string => readFileSync(join(FIXTURES, `${name}.json`), 'utf8');

export const fixtureNames = (): string[] =>
  readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''));

export const silentLogger = (): Logger => createLogger({ level: 'silent', pretty: false });

export const num = (n: string): TrackingNumber => n as TrackingNumber;
export const req = (n: string): TrackRequest => ({ number: num(n), carrier: 'hongkong-post' });

export interface TestRig {
  readonly sandbox: HongkongPostSandbox;
  readonly adapter: CarrierAdapter;
  close(): Promise<void>;
}

/** The sandbox on `clock` and an adapter pointed at it, with a short request timeout. */
export async function startRig(
  clock: ManualClock,
  options: { enforceLimits?: boolean; logger?: Logger } = {},
): Promise<TestRig> {
  const sandbox = await startHongkongPostSandbox({ clock, enforceLimits: options.enforceLimits ?? false });
  const http = createHttpClient();
  const adapter = await hongkongPostAdapter.create(
    { sysId: SANDBOX_SYS_ID, sysSecret: SANDBOX_SYS_SECRET, baseUrl: sandbox.baseUrl },
    {
      http,
      clock,
      logger: options.logger ?? silentLogger(),
      cache: createMemoryCache(clock),
      requestTimeoutMs: 1000,
    },
  );
  return {
    sandbox,
    adapter,
    close: async () => {
      await http.close();
      await sandbox.close();
    },
  };
}

/** The interpreter tests' clock: 2026-01-01 12:00 UTC, 20:00 in Hong Kong. */
export const NOW = Date.UTC(2026, 0, 1, 12);
export const ok = (body: string, status = 200, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body,
});
export const ask = (
  numbers: string[],
  lang: TrackingLang = 'E',
  logger = silentLogger(),
): MailTrackingQuestion => ({
  numbers: numbers.map(num),
  lang,
  nowMs: NOW,
  logger,
});
export const shipmentOf = (outcome: TrackOutcome | undefined): Shipment => {
  if (outcome?.kind !== 'found') throw new Error(`expected found, got ${JSON.stringify(outcome)}`);
  return outcome.shipment;
};
export function thrown(run: () => unknown): CarrierError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CarrierError);
    return error as CarrierError;
  }
  throw new Error('expected a CarrierError');
}
