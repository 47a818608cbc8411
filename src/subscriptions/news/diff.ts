import type { TrackingEvent } from '../../domain/shipment.js';

/** Keys remembered per subscription; beyond this the oldest told are forgotten. */
export const MAX_TOLD_KEYS = 500;

export interface News {
  /** Events the chat has not been told of, newest first (as the carrier listed them). */
  readonly fresh: readonly TrackingEvent[];
  /** What the chat has been told once these are sent: the earlier keys, then the fresh ones, capped. */
  readonly told: readonly string[];
}

/**
 * What is new for a chat: every event whose key (DESIGN.md: a hash of carrier, number, time, code,
 * location and text, never response-level fields) it has not been told. A carrier that re-sends,
 * reorders or drops older events produces nothing new, since keys are compared as a set and told keys
 * are kept when events disappear; the same key twice in one answer counts once.
 */
export function findNews(told: readonly string[], events: readonly TrackingEvent[]): News {
  const known = new Set(told);
  const fresh: TrackingEvent[] = [];
  for (const event of events) {
    if (known.has(event.key)) continue;
    known.add(event.key);
    fresh.push(event);
  }
  if (fresh.length === 0) return { fresh, told };
  const merged = [...told, ...fresh.map((e) => e.key).reverse()];
  return { fresh, told: merged.length > MAX_TOLD_KEYS ? merged.slice(-MAX_TOLD_KEYS) : merged };
}
