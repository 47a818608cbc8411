import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../helpers/raw-http.js';
import { type FuzzTarget, startFuzzTarget, WEBHOOK_SECRET } from './fuzz-app.js';
import { rawCase } from './raw-requests.js';

/**
 * The HTTP listener under fire: raw requests through a real socket to the real server (`buildApp`, with
 * the health route and the Telegram webhook), 10,000 of them from a fixed seed. Every request must get a
 * status a client can act on (never a 500, never a silently dropped connection), slow clients must be
 * cut off by the server's own time limits, the process must see no unhandled rejection or uncaught
 * exception, no handler may fail, and the listener must still answer afterwards.
 */
const CASES = 10_000;
const SEED = 20_261_206;

/** What a hostile request may get: success, a refusal of the client's making, or a time-out. */
const SENSIBLE = new Set([200, 400, 401, 404, 405, 408, 413, 414, 431, 501, 505]);

let target: FuzzTarget;
beforeAll(async () => {
  // Short limits so that the slow clients among the cases are cut off quickly.
  target = await startFuzzTarget({
    http: { headersTimeoutMs: 40, requestTimeoutMs: 80, timeoutCheckIntervalMs: 10 },
  });
});
afterAll(() => target.close());

describe('fuzzing the HTTP listener with raw requests', () => {
  it(`answers ${CASES} malformed, huge, lying and slow requests sensibly, and stays up`, async () => {
    let answered = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        rawCase({ known: ['/healthz', target.webhook], secret: WEBHOOK_SECRET }),
        async (request) => {
          const exchange = await rawRequest(target.port, request.bytes, { end: !request.slow });
          // Bytes cut off before the request line ended may be answered with nothing but a close.
          if (exchange.statuses.length === 0 && request.bytes.length === 0) return;
          expect(exchange.statuses.length).toBeGreaterThan(0);
          for (const status of exchange.statuses) {
            expect(SENSIBLE).toContain(status);
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
          }
          answered += 1;
        },
      ),
      { numRuns: CASES, seed: SEED, endOnFailure: true },
    );
    expect(target.escaped).toEqual([]);
    expect(target.lines.filter((l) => Number(l['level']) >= 50)).toEqual([]);
    expect((await fetch(`http://127.0.0.1:${target.port}/healthz`)).status).toBe(200);
    expect(answered).toBeGreaterThan(CASES * 0.9);
    // The cases reached every kind of answer, not only one refusal.
    for (const status of [200, 400, 401, 404, 405, 408, 431]) expect(statuses.get(status)).toBeGreaterThan(0);
  }, 120_000);
});
