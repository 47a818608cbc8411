import type { DueSchedule } from '../scheduler/due-schedule.js';
import { lazyRedisClient } from './redis-client.js';

// Takes the due members and re-scores them to the lease's end in one step, so two instances never
// claim the same number (https://redis.io/docs/latest/develop/interact/programmability/eval-intro/).
const CLAIM = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
for _, member in ipairs(due) do redis.call('ZADD', KEYS[1], ARGV[3], member) end
return due`;

/**
 * The poll schedule in a Redis sorted set (member: tracking number, score: when it is due), shared by
 * every instance on the server: each number is claimed by one instance at a time.
 */
export function openRedisDueSchedule(
  url: string,
  key = 'postie:due',
): DueSchedule & { close(): Promise<void> } {
  const redis = lazyRedisClient(url);
  return {
    async plan(number, at, options) {
      const client = await redis.ready();
      await client.zAdd(key, { score: at, value: number }, options?.ifMissing ? { NX: true } : {});
    },
    async drop(number) {
      const client = await redis.ready();
      await client.zRem(key, number);
    },
    async claimDue(now, limit, leaseMs) {
      const client = await redis.ready();
      const claimed = await client.eval(CLAIM, {
        keys: [key],
        arguments: [String(now), String(limit), String(now + leaseMs)],
      });
      return Array.isArray(claimed) ? claimed.map(String) : [];
    },
    async nextAt() {
      const client = await redis.ready();
      const [first] = await client.zRangeWithScores(key, 0, 0);
      return first?.score;
    },
    close: () => redis.close(),
  };
}
