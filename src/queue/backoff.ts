/**
 * Delay before retry number `attempt` (1-based) of a transient failure: exponential with full jitter
 * (random between 0 and `baseMs · 2^(attempt−1)`, capped at `maxMs`), never less than the carrier's own
 * `retryAfterMs` hint. `random` returns [0, 1), a parameter so tests are exact.
 */
export function backoffMs(
  attempt: number,
  random: () => number,
  {
    baseMs = 500,
    maxMs = 30_000,
    retryAfterMs = 0,
  }: { baseMs?: number; maxMs?: number; retryAfterMs?: number } = {},
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(retryAfterMs, Math.floor(random() * ceiling));
}
