import * as z from 'zod';
import type { DueSchedule } from '../scheduler/due-schedule.js';
import type { RedisClient } from './redis-connection.js';

// Takes the due members and re-scores them to the lease's end in one step, so two instances never
// claim the same key (https://redis.io/docs/latest/develop/interact/programmability/eval-intro/).
const CLAIM = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
for _, member in ipairs(due) do redis.call('ZADD', KEYS[1], ARGV[3], member) end
return due`;

const claimed = z.array(z.string());

/**
 * A due schedule in a Redis sorted set (member: the key; score: when it is due), shared by every
 * instance on the server: each key is claimed by one instance at a time.
 */
export function redisDueSchedule(client: RedisClient, key = 'postie:due'): DueSchedule {
  return {
    async plan(member, at, options) {
      await client.zAdd(key, { score: at, value: member }, options?.ifMissing ? { NX: true } : {});
    },
    async drop(member) {
      await client.zRem(key, member);
    },
    async claimDue(now, limit, leaseMs) {
      const reply = await client.eval(CLAIM, {
        keys: [key],
        arguments: [String(now), String(limit), String(now + leaseMs)],
      });
      return claimed.parse(reply);
    },
    async nextAt() {
      const [first] = await client.zRangeWithScores(key, 0, 0);
      return first?.score;
    },
  };
}
