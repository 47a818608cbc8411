import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { BREAKER_DEFAULTS } from '../queue/breaker.js';
import {
  inFlightLeaseMs,
  type LaneState,
  type LaneStateLimits,
  type LaneStates,
  type LaneView,
} from '../queue/lane-state.js';
import type { PollHold } from '../queue/poll-hold.js';
import { concurrencyOf } from '../queue/rate-gate.js';
import type { RedisClient } from './redis-connection.js';
import { CANCEL, ENDED, RESERVE } from './redis-lane-scripts.js';
import { redisPollHold } from './redis-poll-hold.js';

/**
 * How often a lane asks again while the slot it waits for is held by a request in flight (its own
 * request's end wakes it sooner; another instance's end it cannot hear on the one connection).
 */
const SHARED_POLL_MS = 20;

const reserveReply = z.array(z.coerce.number()).min(5);
const endedReply = z.tuple([z.coerce.number(), z.coerce.number(), z.coerce.number()]);

/**
 * A lane's state in Redis, shared by every Postie instance on the server (`redis-lane-scripts.ts`): one
 * script per reservation, end and cancellation, keys under `postie:lane:<adapter>`. A request whose
 * process is killed counts in flight until its lease ends (`inFlightLeaseMs`), then as ended then.
 * The view is what the last reply said.
 */
function redisLaneState(client: RedisClient, adapter: string, limits: LaneStateLimits): LaneState {
  const base = `postie:lane:${adapter}`;
  const windows = limits.windows ?? [];
  const keys = [base, `${base}:in-flight`, ...windows.map((w) => `${base}:window:${w.limit}/${w.windowMs}`)];
  const lease = inFlightLeaseMs(limits);
  const { threshold, cooldownMs, maxCooldownMs } = BREAKER_DEFAULTS;
  const ms = (t: number) => String(Math.floor(t));
  const intervalMs = Math.max(limits.minSpacingMs ?? 0, ...windows.map((w) => w.windowMs / w.limit));
  let seen = { pausedUntil: 0, failures: 0, openUntil: 0, earliest: 0, used: windows.map(() => 0) };

  const breaker = (now: number): LaneView['breaker'] =>
    seen.failures < threshold ? 'closed' : now < seen.openUntil ? 'open' : 'half-open';

  return {
    intervalMs,
    async reserve(now) {
      const token = randomUUID();
      const reply = reserveReply.parse(
        await client.eval(RESERVE, {
          keys,
          arguments: [
            ms(now),
            token,
            ms(lease),
            ms(limits.minSpacingMs ?? 0),
            String(concurrencyOf(limits)),
            String(threshold),
            ...windows.map((w) => String(w.limit)),
            ...windows.map((w) => ms(w.windowMs)),
          ],
        }),
      );
      const [code, at, pausedUntil, failures, openUntil, ...used] = reply as [
        number,
        number,
        number,
        number,
        number,
      ];
      const next = code === 2 ? now + SHARED_POLL_MS : at;
      seen = { pausedUntil, failures, openUntil, earliest: code === 0 ? now : next, used };
      if (code === 0) return { kind: 'granted', token };
      if (code === 3) return { kind: 'open', retryAfterMs: openUntil - now };
      return { kind: 'wait', at: Math.max(next, now + 1) };
    },
    async ended(token, now, end) {
      const [pausedUntil, failures, openUntil] = endedReply.parse(
        await client.eval(ENDED, {
          keys,
          arguments: [
            ms(now),
            token,
            end.verdict,
            end.pauseUntil === undefined ? '' : ms(Math.ceil(end.pauseUntil)),
            String(threshold),
            ms(cooldownMs),
            ms(maxCooldownMs),
            ...windows.map((w) => ms(w.windowMs)),
          ],
        }),
      );
      seen = { ...seen, pausedUntil, failures, openUntil };
    },
    async cancel(token, now) {
      await client.eval(CANCEL, { keys, arguments: [ms(now), token] });
    },
    view: (now) => ({
      pausedUntil: seen.pausedUntil,
      breaker: breaker(now),
      breakerRemainingMs: breaker(now) === 'open' ? seen.openUntil - now : 0,
      earliest: seen.earliest,
      windows: windows.map((w, i) => ({ limit: w.limit, windowMs: w.windowMs, used: seen.used[i] ?? 0 })),
    }),
  };
}

/** Every lane's shared state and poll hold on one Redis connection. */
export function redisLaneStates(client: RedisClient): LaneStates {
  const holds = new Map<string, PollHold>();
  return {
    lane: (adapter, limits) => redisLaneState(client, adapter, limits),
    pollHold(adapter) {
      let hold = holds.get(adapter);
      if (!hold) {
        hold = redisPollHold(client, adapter);
        holds.set(adapter, hold);
      }
      return hold;
    },
  };
}
