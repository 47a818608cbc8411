import type { LaneLimits } from '../carriers/adapter.js';
import { offsetMinutesAt, zonedToUtcMs } from '../time/zoned-time.js';
import type { CounterStore } from './counter-store.js';
import type { Priority } from './lane-entry.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * A lane's long-term quotas, counted in a `CounterStore` so they survive restarts: requests per
 * calendar day in the carrier's time zone (Hongkong Post: per Hong Kong day) and per rolling 24 hours
 * (counted in hourly buckets, so "rolling" is accurate to the hour and errs on the safe side).
 *
 * Background requests may use only `backgroundShare` of each quota: the rest is kept for people's
 * lookups, so polls that went wrong can never leave `/track` without a request until the next day.
 */
export interface Quota {
  /**
   * When the next request may start as far as the quotas go (`now` when there is room), for a request
   * carrying people's lookups (`interactive`, the whole quota) or background ones only.
   */
  earliest(now: number, priority?: Priority): Promise<number>;
  /**
   * Counts a request about to start, and answers whether it fits: `false` when the day's count was
   * already at the limit for `priority` (another instance counted the last request between `earliest`
   * and now), in which case nothing stays counted and the request must not go. The day's count is one
   * atomic increment on the shared counters, so instances never go over it together; the rolling count
   * is checked by `earliest` only (hourly buckets cannot be summed in one step).
   */
  record(now: number, priority?: Priority): Promise<boolean>;
  /** Requests counted today and in the last 24 hours. */
  usage(now: number): Promise<{ today: number; rolling: number }>;
}

/** Share of a daily quota that background requests may use. @defaultValue 0.8 */
const BACKGROUND_QUOTA_SHARE = 0.8;

export function createQuota(
  adapter: string,
  limits: Pick<LaneLimits, 'dailyQuota' | 'rollingDayQuota'>,
  store: CounterStore,
  backgroundShare = BACKGROUND_QUOTA_SHARE,
): Quota {
  const daily = limits.dailyQuota;
  const rolling = limits.rollingDayQuota;
  const share = (priority: Priority, limit: number) =>
    priority === 'interactive' ? limit : Math.floor(limit * backgroundShare);
  const dayKey = (now: number) => dailyQuotaKey(adapter, daily?.timeZone, now);
  const hourKey = (hour: number) => `quota:${adapter}:hour:${hour}`;
  const lastHours = (now: number) => Array.from({ length: 24 }, (_, i) => Math.floor(now / HOUR_MS) - i);

  const rollingCounts = async (now: number) => Promise.all(lastHours(now).map((h) => store.get(hourKey(h))));

  return {
    async earliest(now, priority = 'interactive') {
      let at = now;
      if (daily && (await store.get(dayKey(now))) >= share(priority, daily.limit))
        at = Math.max(at, nextMidnight(now, daily.timeZone));
      if (rolling !== undefined) {
        const limit = share(priority, rolling);
        const counts = await rollingCounts(now);
        let total = counts.reduce((a, b) => a + b, 0);
        // Drop the oldest hours until there is room; the next start waits for the last one dropped to age out.
        for (let i = counts.length - 1; total >= limit && i >= 0; i--) {
          total -= counts[i] as number;
          at = Math.max(at, ((lastHours(now)[i] as number) + 24) * HOUR_MS);
        }
      }
      return at;
    },
    async record(now, priority = 'interactive') {
      if (daily) {
        const key = dayKey(now);
        if ((await store.increment(key, 1, 2 * DAY_MS)) > share(priority, daily.limit)) {
          await store.increment(key, -1, 2 * DAY_MS);
          return false;
        }
      }
      if (rolling !== undefined)
        await store.increment(hourKey(Math.floor(now / HOUR_MS)), 1, DAY_MS + HOUR_MS);
      return true;
    },
    async usage(now) {
      const today = daily ? await store.get(dayKey(now)) : 0;
      const recent = rolling !== undefined ? (await rollingCounts(now)).reduce((a, b) => a + b, 0) : 0;
      return { today, rolling: recent };
    },
  };
}

/**
 * The counter of `adapter`'s requests on the carrier's calendar day (in `timeZone`) that holds `at`: what
 * `record` counts and the status page's quota line reads. Kept two days.
 */
export function dailyQuotaKey(adapter: string, timeZone: string | undefined, at: number): string {
  return `quota:${adapter}:day:${timeZone ? localDate(at, timeZone) : ''}`;
}

/** `YYYY-MM-DD` of `now` in `timeZone`. */
function localDate(now: number, timeZone: string): string {
  return new Date(now + offsetMinutesAt(timeZone, now) * 60_000).toISOString().slice(0, 10);
}

/** The next midnight in `timeZone` after `now`. */
function nextMidnight(now: number, timeZone: string): number {
  const [year, month, day] = localDate(now, timeZone).split('-').map(Number) as [number, number, number];
  const tomorrow = new Date(Date.UTC(year, month - 1, day + 1));
  return zonedToUtcMs(
    {
      year: tomorrow.getUTCFullYear(),
      month: tomorrow.getUTCMonth() + 1,
      day: tomorrow.getUTCDate(),
      hour: 0,
      minute: 0,
    },
    timeZone,
  );
}
