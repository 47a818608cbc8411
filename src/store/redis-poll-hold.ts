import * as z from 'zod';
import type { PollHold } from '../queue/poll-hold.js';
import type { RedisClient } from './redis-connection.js';

// KEYS: the held numbers (a sorted set: number → when it was added), the time the last paced batch
// was taken. ARGV: now, batch size, gather time, pace, force ('1' or ''). Answers {0} when nothing is
// held, {1, at} when the next batch may go at `at`, else {2, more (1 or 0), numbers…}: checking the
// batch and the pace and taking the batch is one step, so two instances never take the same numbers nor
// two batches within one pace.
const TAKE = `
local now = tonumber(ARGV[1])
local size = tonumber(ARGV[2])
local force = ARGV[5] == '1'
local count = redis.call('ZCARD', KEYS[1])
if count == 0 then return {0} end
local readyAt = now
if count < size then
  readyAt = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]) + tonumber(ARGV[3])
end
local last = tonumber(redis.call('GET', KEYS[2]) or '-1e15')
local at = math.max(readyAt, last + tonumber(ARGV[4]))
if at > now and not force then return {1, at} end
local taken = redis.call('ZPOPMIN', KEYS[1], size)
if not force then redis.call('SET', KEYS[2], ARGV[1], 'PX', tonumber(ARGV[4]) + 60000) end
local reply = {2, 0}
if count > size then reply[2] = 1 end
for i = 1, #taken, 2 do reply[#reply + 1] = taken[i] end
return reply
`;

const takeReply = z.union([
  z.tuple([z.literal(0)]),
  z.tuple([z.literal(1), z.number()]),
  z.tuple([z.literal(2), z.number()], z.string()),
]);

/** A day: numbers held longer are polled again by the due schedule's lease anyway. */
const HELD_TTL_MS = 86_400_000;

/**
 * An adapter's due background polls held in Redis for every instance (`queue/poll-hold.ts`): keys
 * `postie:poll-hold:<adapter>` and `…:pace`. Any instance may take the batch: a poll's result is kept
 * in the shared store and planned on the shared schedule, whoever sent it.
 */
export function redisPollHold(client: RedisClient, adapter: string): PollHold {
  const held = `postie:poll-hold:${adapter}`;
  const pace = `${held}:pace`;
  return {
    async add(numbers, now) {
      if (numbers.length === 0) return;
      await client
        .multi()
        .zAdd(
          held,
          numbers.map((value) => ({ score: Math.floor(now), value })),
          { NX: true },
        )
        .pExpire(held, HELD_TTL_MS)
        .exec();
    },
    async take(now, { batchSize, gatherMs, paceMs }, force = false) {
      const reply = takeReply.parse(
        await client.eval(TAKE, {
          keys: [held, pace],
          arguments: [
            String(Math.floor(now)),
            String(batchSize),
            String(Math.ceil(gatherMs)),
            String(Math.ceil(paceMs)),
            force ? '1' : '',
          ],
        }),
      );
      if (reply[0] === 0) return { numbers: [] };
      if (reply[0] === 1) return { numbers: [], nextAt: reply[1] };
      const [, more, ...numbers] = reply;
      return { numbers, ...(more === 1 ? { nextAt: now } : {}) };
    },
  };
}
