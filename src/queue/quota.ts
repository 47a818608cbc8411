import type { LaneLimits } from '../carriers/adapter.js';
import { offsetMinutesAt, zonedToUtcMs } from '../time/zoned-time.js';
import type { CounterStore } from './counter-store.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * A lane's long-term quotas, counted in a `CounterStore` so they survive restarts: requests per
 * calendar day in the carrier's time zone (Hongkong Post: per Hong Kong day) and per rolling 24 hours
 * (counted in hourly buckets, so "rolling" is accurate to the hour and errs on the safe side).
 */
export interface Quota {
  /** When the next request may start as far as the quotas go (`now` when there is room). */
  earliest(now: number): Promise<number>;
  record(now: number): Promise<void>;
  /** Requests counted today and in the last 24 hours. */
  usage(now: number): Promise<{ today: number; rolling: number }>;
}

export function createQuota(
  adapter: string,
  limits: Pick<LaneLimits, 'dailyQuota' | 'rollingDayQuota'>,
  store: CounterStore,
): Quota {
  const daily = limits.dailyQuota;
  const rolling = limits.rollingDayQuota;
  const dayKey = (now: number) => `quota:${adapter}:day:${daily ? localDate(now, daily.timeZone) : ''}`;
  const hourKey = (hour: number) => `quota:${adapter}:hour:${hour}`;
  const lastHours = (now: number) => Array.from({ length: 24 }, (_, i) => Math.floor(now / HOUR_MS) - i);

  const rollingCounts = async (now: number) => Promise.all(lastHours(now).map((h) => store.get(hourKey(h))));

  return {
    async earliest(now) {
      let at = now;
      if (daily && (await store.get(dayKey(now))) >= daily.limit)
        at = Math.max(at, nextMidnight(now, daily.timeZone));
      if (rolling !== undefined) {
        const counts = await rollingCounts(now);
        let total = counts.reduce((a, b) => a + b, 0);
        // Drop the oldest hours until there is room; the next start waits for the last one dropped to age out.
        for (let i = counts.length - 1; total >= rolling && i >= 0; i--) {
          total -= counts[i] as number;
          at = Math.max(at, ((lastHours(now)[i] as number) + 24) * HOUR_MS);
        }
      }
      return at;
    },
    async record(now) {
      if (daily) await store.increment(dayKey(now), 1, 2 * DAY_MS);
      if (rolling !== undefined)
        await store.increment(hourKey(Math.floor(now / HOUR_MS)), 1, DAY_MS + HOUR_MS);
    },
    async usage(now) {
      const today = daily ? await store.get(dayKey(now)) : 0;
      const recent = rolling !== undefined ? (await rollingCounts(now)).reduce((a, b) => a + b, 0) : 0;
      return { today, rolling: recent };
    },
  };
}

/** `YYYY-MM-DD` of `now` in `timeZone`. */
export function localDate(now: number, timeZone: string): string {
  return new Date(now + offsetMinutesAt(timeZone, now) * 60_000).toISOString().slice(0, 10);
}

/** The next midnight in `timeZone` after `now`. */
export function nextMidnight(now: number, timeZone: string): number {
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
