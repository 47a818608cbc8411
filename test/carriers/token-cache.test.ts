import { describe, expect, it } from 'vitest';
import { parseJson, retryAfterHeaderMs } from '../../src/carriers/carrier-http.js';
import { createTokenCache } from '../../src/carriers/token-cache.js';
import { createManualClock } from '../../src/time/manual-clock.js';
import { captureLogger } from '../helpers/capture-logger.js';

function setup(lifetimeMs = 15 * 60_000) {
  const clock = createManualClock();
  let logins = 0;
  const tokens = createTokenCache({
    adapter: 'test',
    clock,
    logger: captureLogger().logger,
    login: async () => {
      logins += 1;
      return { value: `token-${logins}`, expiresAt: clock.now() + lifetimeMs };
    },
  });
  return { clock, tokens, logins: () => logins };
}

const never = () => false;

describe('token cache', () => {
  it('logs in once for concurrent callers and reuses the token', async () => {
    const { tokens, logins } = setup();
    const used = await Promise.all(Array.from({ length: 5 }, () => tokens.call(async (t) => t, never)));
    expect(new Set(used)).toEqual(new Set(['token-1']));
    await tokens.call(async (t) => t, never);
    expect(logins()).toBe(1);
  });

  it('logs in again 60 s before expiry, or at half the life of a short-lived token', async () => {
    const long = setup();
    await long.tokens.call(async (t) => t, never);
    await long.clock.advance(14 * 60_000 - 1);
    expect(await long.tokens.call(async (t) => t, never)).toBe('token-1');
    await long.clock.advance(1);
    expect(await long.tokens.call(async (t) => t, never)).toBe('token-2');

    const short = setup(60_000);
    await short.tokens.call(async (t) => t, never);
    await short.clock.advance(30_000);
    expect(await short.tokens.call(async (t) => t, never)).toBe('token-2');
  });

  it('retries once with a fresh token when the carrier refuses one, and returns the second answer as it is', async () => {
    const { tokens, logins } = setup();
    const seen: string[] = [];
    const answer = await tokens.call(
      async (t) => {
        seen.push(t);
        return 'refused';
      },
      (a) => a === 'refused',
    );
    expect(seen).toEqual(['token-1', 'token-2']);
    expect(answer).toBe('refused');
    expect(logins()).toBe(2);
  });
});

describe('carrier HTTP helpers', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterHeaderMs('120', now)).toBe(120_000);
    expect(retryAfterHeaderMs('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterHeaderMs('soon', now)).toBeUndefined();
    expect(retryAfterHeaderMs(undefined, now)).toBeUndefined();
  });

  it('caps Retry-After at 15 minutes, however far it points', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterHeaderMs('1000000000', now)).toBe(15 * 60_000);
    expect(retryAfterHeaderMs('Thu, 01 Jan 2099 00:00:00 GMT', now)).toBe(15 * 60_000);
  });

  it('parses JSON or says it is not JSON', () => {
    expect(parseJson('{"a":1}')).toEqual({ a: 1 });
    expect(parseJson('<html>')).toBeUndefined();
  });
});
