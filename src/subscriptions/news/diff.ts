import type { DeliveryEstimate, TrackingEvent } from '../../domain/shipment.js';

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

/** An estimate's bounds as epoch ms (`NaN` for an absent or unreadable bound). */
function boundsOf(estimate: DeliveryEstimate | undefined): readonly [number, number] {
  return [Date.parse(estimate?.from ?? ''), Date.parse(estimate?.to ?? '')];
}

/** Whether two estimates name the same span: the same instants, however their offsets are written. */
export function sameEstimate(a: DeliveryEstimate | undefined, b: DeliveryEstimate | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return boundsOf(a).every((ms, i) => Object.is(ms, boundsOf(b)[i]));
}

/**
 * A changed estimate as news: the carrier's `current` estimate when it is not the one the chat was last
 * `told` and it still ends after `now`. An estimate withdrawn, passed or unreadable is no news.
 */
export function estimateNews(
  told: DeliveryEstimate | undefined,
  current: DeliveryEstimate | undefined,
  now: number,
): DeliveryEstimate | undefined {
  if (current === undefined || sameEstimate(told, current)) return undefined;
  const [from, to] = boundsOf(current);
  const end = Number.isNaN(to) ? from : to;
  return end > now ? current : undefined;
}
