import { afterAll, describe, expect, it } from 'vitest';
import { createInProcessSchedule } from '../../src/scheduler/due-schedule.js';
import { connectRedis } from '../../src/store/redis-connection.js';
import { redisDueSchedule } from '../../src/store/redis-due-schedule.js';
import { testRedisUrl } from '../helpers/test-redis.js';

/**
 * One contract for the schedule in this process and the one several instances share in Redis. `fresh()`
 * gives a new schedule and a way to open it again (another instance on the same Redis key; the same
 * object in process).
 */
// Two connections stand for two instances sharing the schedule.
const [one, two] = [connectRedis(testRedisUrl()), connectRedis(testRedisUrl())];
afterAll(() => Promise.all([one.close(), two.close()]));

const kinds = [
  {
    name: 'in process',
    fresh: () => {
      const due = createInProcessSchedule();
      return { due, again: () => due };
    },
  },
  {
    name: 'Redis (shared)',
    fresh: () => {
      const key = `postie:test-due:${process.pid}:${Math.random()}`;
      return {
        due: redisDueSchedule(one.client, key),
        again: () => redisDueSchedule(two.client, key),
      };
    },
  },
];

describe.each(kinds)('the due schedule ($name)', ({ fresh }) => {
  it('hands out due numbers earliest first and leases them until polled again', async () => {
    const { due } = fresh();
    await due.plan('A', 100);
    await due.plan('B', 50);
    await due.plan('C', 500);
    expect(await due.claimDue(200, 10, 1_000)).toEqual(['B', 'A']);
    expect(await due.claimDue(300, 10, 1_000)).toEqual([]);
    expect(await due.nextAt()).toBe(500);
    // A claim that never finished comes due again when its lease ends.
    expect((await due.claimDue(1_200, 10, 1_000)).sort()).toEqual(['A', 'B', 'C']);
    await due.plan('A', 5_000);
    await due.drop('B');
    await due.drop('C');
    expect(await due.nextAt()).toBe(5_000);
    await due.drop('A');
  });

  it('keeps an existing plan or lease when asked to add only missing ones', async () => {
    const { due } = fresh();
    await due.plan('A', 100);
    await due.claimDue(100, 1, 10_000);
    await due.plan('A', 200, { ifMissing: true });
    await due.plan('B', 300, { ifMissing: true });
    expect(await due.claimDue(400, 10, 1)).toEqual(['B']);
    await due.drop('A');
    await due.drop('B');
  });

  it('never gives one number to two claimants', async () => {
    const { due: first, again } = fresh();
    const other = again();
    for (let i = 0; i < 200; i++) await first.plan(`N${i}`, i);
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? first : other).claimDue(1_000, 30, 60_000)),
    );
    const all = claims.flat();
    expect(all).toHaveLength(200);
    expect(new Set(all).size).toBe(200);
    for (const n of all) await first.drop(n);
  });
});
