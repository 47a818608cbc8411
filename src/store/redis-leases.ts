import type { HeldLease, Leases } from './leases.js';
import type { RedisClient } from './redis-connection.js';

const PREFIX = 'postie:lease:';

// Compare-and-extend: only the holder's own value gets more time
// (https://redis.io/docs/latest/develop/use/patterns/distributed-locks/#correct-implementation-with-a-single-instance).
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
// Compare-and-delete: a holder whose lease ran out never frees a successor's.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * Leases shared by every instance on one Redis server: `SET key holder NX PX ttl` to take one, a Lua
 * compare-and-extend to renew it, a compare-and-delete to release it. Expiry is Redis's own clock, so a
 * holder killed without releasing loses the lease `ttl` after its last renewal, whatever its clock said.
 */
export function redisLeases(client: RedisClient): Leases {
  const renew = async (name: string, holder: string, ttlMs: number) =>
    Number(await client.eval(RENEW, { keys: [PREFIX + name], arguments: [holder, String(ttlMs)] })) === 1;
  return {
    async acquire(name, holder, ttlMs) {
      const taken = await client.set(PREFIX + name, holder, { NX: true, PX: ttlMs });
      return taken === 'OK' || (await renew(name, holder, ttlMs));
    },
    renew,
    async release(name, holder) {
      await client.eval(RELEASE, { keys: [PREFIX + name], arguments: [holder] });
    },
    holder: async (name) => (await client.get(PREFIX + name)) ?? undefined,
    async list() {
      const found: HeldLease[] = [];
      for await (const keys of client.scanIterator({ MATCH: `${PREFIX}*`, COUNT: 100 })) {
        if (keys.length === 0) continue;
        const holders = await client.mGet(keys);
        for (const [i, key] of keys.entries()) {
          const holder = holders[i];
          // A key may expire between the scan and the read.
          if (typeof holder === 'string') found.push({ name: key.slice(PREFIX.length), holder });
        }
      }
      return found.sort((a, b) => a.name.localeCompare(b.name));
    },
  };
}
