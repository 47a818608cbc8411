import { type Breaker, createBreaker } from './breaker.js';
import type { LaneState, LaneStateLimits, LaneStates } from './lane-state.js';
import { createLocalPollHold, type PollHold } from './poll-hold.js';
import { concurrencyOf, createRateGate } from './rate-gate.js';

/**
 * A lane's state in this process (the embedded store: one Postie uses the carrier account): the rate
 * gate, the breaker, the pause and the requests in flight, kept in memory. Every call settles at once;
 * `wait` at `Infinity` means "when a request in flight ends", which wakes the lane.
 */
export function createLocalLaneState(limits: LaneStateLimits): LaneState {
  const gate = createRateGate(limits);
  const breaker: Breaker = createBreaker();
  const concurrency = concurrencyOf(limits);
  const inFlight = new Set<string>();
  let pausedUntil = 0;
  let trial: string | undefined;
  let next = 0;

  const release = (token: string) => {
    inFlight.delete(token);
    if (trial === token) {
      trial = undefined;
      breaker.abandon();
    }
  };

  return {
    intervalMs: gate.intervalMs,
    async reserve(now) {
      if (breaker.state(now) === 'open') return { kind: 'open', retryAfterMs: breaker.remainingMs(now) };
      if (pausedUntil > now) return { kind: 'wait', at: pausedUntil };
      if (inFlight.size >= concurrency) return { kind: 'wait', at: Number.POSITIVE_INFINITY };
      const at = gate.earliest(now);
      if (at > now) return { kind: 'wait', at };
      const halfOpen = breaker.state(now) === 'half-open';
      // Half-open with its trial call in flight: wait for the verdict.
      if (!breaker.tryPass(now)) return { kind: 'wait', at: Number.POSITIVE_INFINITY };
      const token = `local-${++next}`;
      if (halfOpen) trial = token;
      inFlight.add(token);
      gate.record(now);
      return { kind: 'granted', token };
    },
    async ended(token, now, { verdict, pauseUntil }) {
      if (pauseUntil !== undefined) pausedUntil = Math.max(pausedUntil, pauseUntil);
      gate.ended(now);
      if (verdict === 'success') breaker.success();
      else if (verdict === 'failure') breaker.failure(now);
      if (trial === token) trial = undefined;
      release(token);
    },
    async cancel(token, _now) {
      // Ended before time began: neither the spacing nor any window counts it.
      gate.ended(Number.NEGATIVE_INFINITY);
      release(token);
    },
    view: (now) => ({
      pausedUntil,
      breaker: breaker.state(now),
      breakerRemainingMs: breaker.remainingMs(now),
      earliest: gate.earliest(now),
      windows: gate.usage(now),
    }),
  };
}

/** Lane states and poll holds in this process, one per adapter. */
export function createLocalLaneStates(): LaneStates {
  const holds = new Map<string, PollHold>();
  return {
    lane: (_adapter, limits) => createLocalLaneState(limits),
    pollHold(adapter) {
      let hold = holds.get(adapter);
      if (!hold) {
        hold = createLocalPollHold();
        holds.set(adapter, hold);
      }
      return hold;
    },
  };
}
