import { isStoreUnavailable } from '../domain/store-unavailable.js';
import type { Logger } from '../logger.js';
import type { CounterStore } from '../queue/counter-store.js';
import { dailyQuotaKey } from '../queue/quota.js';
import type { Clock } from '../time/clock.js';

const HOUR_MS = 3_600_000;
/** Hours shown: the status page's charts show the last day. */
const HISTORY_HOURS = 24;
/** An hour's counter outlives the chart's day by an hour. */
const HOUR_COUNTER_TTL_MS = (HISTORY_HOURS + 1) * HOUR_MS;

/** One hour of one carrier: requests sent in it, and its daily quota's use at the hour's end. */
export interface HourOfRequests {
  /** The hour's start (epoch ms). */
  readonly at: number;
  readonly requests: number;
  readonly quotaUsed?: number;
}

/**
 * The last 24 hours of each carrier's requests, by the hour, for the status page's charts: counted on
 * the store's expiring counters (`requests:<adapter>:hour:<epoch hour>`, kept 25 hours), so every
 * instance sharing a Redis counts into one chart and a restart keeps it. The quota line is read from
 * the daily quota counters the lanes keep (`queue/quota.ts`).
 */
export interface RequestHistory {
  /**
   * Counts one request sent to `adapter`'s API in the current hour, in the background: it never throws
   * and never waits for the store. A store that fails loses the count (logged at debug).
   */
  request(adapter: string): void;
  /**
   * Oldest hour first, the current hour last: always 24 of them, every instance's requests in each
   * (this instance's counts still on their way are waited for). With `day` (the carrier's daily quota's
   * time zone) each hour also has the day's quota use at its end: the day's counter less the requests
   * counted in its later hours (the current hour: the counter as it is). Undefined when the store
   * cannot be read.
   */
  hours(adapter: string, day?: { readonly timeZone: string }): Promise<readonly HourOfRequests[] | undefined>;
}

export interface RequestHistoryOptions {
  readonly counters: CounterStore;
  /** Real time: the hours are the wall clock's. */
  readonly clock: Clock;
  readonly logger: Logger;
}

export function createRequestHistory(options: RequestHistoryOptions): RequestHistory {
  const { counters, clock, logger } = options;
  const hourKey = (adapter: string, hour: number) => `requests:${adapter}:hour:${hour}`;
  const counting = new Set<Promise<void>>();

  return {
    request(adapter) {
      const hour = Math.floor(clock.now() / HOUR_MS);
      const count: Promise<void> = counters
        .increment(hourKey(adapter, hour), 1, HOUR_COUNTER_TTL_MS)
        .then(
          () => undefined,
          (error: unknown) => {
            logger.debug({ err: error, adapter }, 'a carrier request was not counted in the status history');
          },
        )
        .finally(() => counting.delete(count));
      counting.add(count);
    },
    async hours(adapter, day) {
      await Promise.allSettled([...counting]);
      const now = clock.now();
      const last = Math.floor(now / HOUR_MS);
      const starts = Array.from(
        { length: HISTORY_HOURS },
        (_, i) => (last - (HISTORY_HOURS - 1 - i)) * HOUR_MS,
      );
      try {
        const requests = await Promise.all(starts.map((at) => counters.get(hourKey(adapter, at / HOUR_MS))));
        if (!day) return starts.map((at, i) => ({ at, requests: requests[i] ?? 0 }));
        // The carrier's day each hour ends in (the current hour: now), and each such day's count.
        const dayKeys = starts.map((at) =>
          dailyQuotaKey(adapter, day.timeZone, Math.min(at + HOUR_MS - 1, now)),
        );
        const dayCounts = new Map(
          await Promise.all(
            [...new Set(dayKeys)].map(async (key) => [key, await counters.get(key)] as const),
          ),
        );
        const after = new Map<string, number>();
        const hours: HourOfRequests[] = [];
        for (let i = HISTORY_HOURS - 1; i >= 0; i--) {
          const key = dayKeys[i] as string;
          const laterInDay = after.get(key) ?? 0;
          const quotaUsed = Math.max(0, (dayCounts.get(key) ?? 0) - laterInDay);
          after.set(key, laterInDay + (requests[i] ?? 0));
          hours.unshift({ at: starts[i] as number, requests: requests[i] ?? 0, quotaUsed });
        }
        return hours;
      } catch (error) {
        // The page shows the history as unavailable either way; only a store away is expected.
        logger[isStoreUnavailable(error) ? 'debug' : 'warn'](
          { err: error, adapter },
          'the status history could not be read',
        );
        return undefined;
      }
    },
  };
}
