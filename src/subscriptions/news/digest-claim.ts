import type { CounterStore } from '../../queue/counter-store.js';

/** How long a digest's claim is kept: past any instance's wake at that end. */
const CLAIM_TTL_MS = 2 * 86_400_000;

/**
 * Which instance sends a chat's quiet-hours digest: the first to count it on the store's counters (shared
 * on Redis), once per chat and end. An instance that claimed it and crashed before sending leaves it in
 * the outbox, sent at the next start.
 */
export function digestClaimOn(counters: CounterStore): (chat: string, endedAt: number) => Promise<boolean> {
  return async (chat, endedAt) =>
    (await counters.increment(`quiet-digest:${chat}:${endedAt}`, 1, CLAIM_TTL_MS)) === 1;
}
