import type { Clock } from '../time/clock.js';

const HOUR_MS = 3_600_000;
/** Hours kept: the status page's charts show the last day. */
const HISTORY_HOURS = 24;

/** One hour of one carrier: requests sent in it, and its daily quota's use as last seen in it. */
export interface HourOfRequests {
  /** The hour's start (epoch ms). */
  readonly at: number;
  readonly requests: number;
  readonly quotaUsed?: number;
}

/**
 * The last 24 hours of each carrier's requests, by the hour, in this process's memory (a restart starts
 * them afresh; the status page says so), for the status page's charts: requests counted as they are
 * sent, and the daily quota's use noted whenever a report reads it (each scrape and page view).
 */
export interface RequestHistory {
  request(adapter: string): void;
  quotaUsed(adapter: string, used: number): void;
  /** Oldest hour first, the current hour last: always `HISTORY_HOURS` of them. */
  hours(adapter: string): readonly HourOfRequests[];
}

export function createRequestHistory(clock: Clock): RequestHistory {
  const byAdapter = new Map<string, Map<number, { requests: number; quotaUsed?: number }>>();
  const hourOf = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;
  const current = (adapter: string) => {
    const now = clock.now();
    const hours = byAdapter.get(adapter) ?? new Map<number, { requests: number; quotaUsed?: number }>();
    byAdapter.set(adapter, hours);
    for (const at of hours.keys()) if (at <= hourOf(now) - HISTORY_HOURS * HOUR_MS) hours.delete(at);
    const at = hourOf(now);
    const hour = hours.get(at) ?? { requests: 0 };
    hours.set(at, hour);
    return hour;
  };
  return {
    request(adapter) {
      current(adapter).requests += 1;
    },
    quotaUsed(adapter, used) {
      current(adapter).quotaUsed = used;
    },
    hours(adapter) {
      const last = hourOf(clock.now());
      const kept = byAdapter.get(adapter);
      return Array.from({ length: HISTORY_HOURS }, (_, i) => {
        const at = last - (HISTORY_HOURS - 1 - i) * HOUR_MS;
        const hour = kept?.get(at);
        return {
          at,
          requests: hour?.requests ?? 0,
          ...(hour?.quotaUsed === undefined ? {} : { quotaUsed: hour.quotaUsed }),
        };
      });
    },
  };
}
