/**
 * A circuit breaker per carrier lane: after `threshold` whole calls in a row fail as unavailable or timed
 * out, the lane answers "carrier unavailable" at once for `cooldownMs`; then one trial call is let through
 * (half-open): success closes the breaker, failure opens it again for twice as long (up to `maxCooldownMs`).
 */
export interface Breaker {
  /** `open` while cooling down; `half-open` lets exactly one call through. */
  state(now: number): 'closed' | 'open' | 'half-open';
  /** Milliseconds until the breaker lets a trial call through (0 unless open). */
  remainingMs(now: number): number;
  /** Whether a call may start now; in half-open, true once until the trial settles. */
  tryPass(now: number): boolean;
  success(): void;
  failure(now: number): void;
  /** The trial call ended without a verdict (refused for its rate, say): the next call is the trial. */
  abandon(): void;
}

export interface BreakerOptions {
  /** @defaultValue 5 */
  readonly threshold?: number;
  /** @defaultValue 30 s */
  readonly cooldownMs?: number;
  /** @defaultValue 10 min */
  readonly maxCooldownMs?: number;
}

/** The breaker every lane uses, in this process or shared (`store/redis-lane-state.ts`). */
export const BREAKER_DEFAULTS = { threshold: 5, cooldownMs: 30_000, maxCooldownMs: 600_000 } as const;

export function createBreaker({
  threshold = BREAKER_DEFAULTS.threshold,
  cooldownMs = BREAKER_DEFAULTS.cooldownMs,
  maxCooldownMs = BREAKER_DEFAULTS.maxCooldownMs,
}: BreakerOptions = {}): Breaker {
  let failures = 0;
  let openedUntil = 0;
  let currentCooldown = cooldownMs;
  let trialInFlight = false;

  const state = (now: number) => (failures < threshold ? 'closed' : now < openedUntil ? 'open' : 'half-open');

  return {
    state,
    remainingMs: (now) => (state(now) === 'open' ? openedUntil - now : 0),
    tryPass(now) {
      const s = state(now);
      if (s === 'closed') return true;
      if (s === 'open' || trialInFlight) return false;
      trialInFlight = true;
      return true;
    },
    success() {
      failures = 0;
      currentCooldown = cooldownMs;
      trialInFlight = false;
    },
    failure(now) {
      const wasTrial = trialInFlight;
      trialInFlight = false;
      failures += 1;
      if (failures < threshold) return;
      if (wasTrial) currentCooldown = Math.min(maxCooldownMs, currentCooldown * 2);
      openedUntil = now + currentCooldown;
    },
    abandon() {
      trialInFlight = false;
    },
  };
}
