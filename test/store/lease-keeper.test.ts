import { afterAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/domain/store-unavailable.js';
import { keepLease, type LeaseKeeper, type LeaseState } from '../../src/store/lease-keeper.js';
import { type Leases, processLeases } from '../../src/store/leases.js';
import { connectRedis } from '../../src/store/redis-connection.js';
import { redisLeases } from '../../src/store/redis-leases.js';
import { createManualClock, type ManualClock } from '../../src/time/manual-clock.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { testRedisUrl } from '../helpers/test-redis.js';

const LEASE_MS = 15_000;
const { logger } = captureLogger('silent');

/** One instance's keeper, with what it ran: `runs` counts activities begun, `running` whether one runs now. */
function instance(leases: Leases, holder: string, clock: ManualClock, name: string) {
  const seen = { runs: 0, running: false, states: [] as LeaseState[] };
  const keeper: LeaseKeeper = keepLease({
    leases,
    name,
    holder,
    clock,
    leaseMs: LEASE_MS,
    logger,
    hold: async (lost) => {
      seen.runs += 1;
      seen.running = true;
      await new Promise((resolve) => lost.addEventListener('abort', resolve, { once: true }));
      seen.running = false;
    },
    onStateChange: (state) => seen.states.push(state),
  });
  return { keeper, seen };
}

/** Lets promises and I/O callbacks run (no time passes on any clock). */
const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** Resolves once `clock` has `count` sleepers: the keeper has done its store call and waits for its next beat. */
async function asleep(clock: ManualClock, count = 1): Promise<void> {
  while (clock.pending < count) await new Promise((resolve) => setImmediate(resolve));
}

/** Moves `clock` a beat at a time, each once the keeper is back asleep after its store call. */
async function beats(clock: ManualClock, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await asleep(clock);
    await clock.advance(LEASE_MS / 3);
  }
  await asleep(clock);
}

describe('the lease keeper', () => {
  it('runs the activity while it holds the lease and stops it at once when a renewal is refused', async () => {
    const clock = createManualClock();
    const leases = processLeases();
    let refuse = false;
    const refusing: Leases = {
      ...leases,
      renew: async (name, holder, ttl) => !refuse && leases.renew(name, holder, ttl),
    };
    const { keeper, seen } = instance(refusing, 'a#1', clock, 'refused');
    await settle();
    expect(seen.running).toBe(true);
    await clock.advance(LEASE_MS);
    expect(seen.running).toBe(true);
    refuse = true;
    await clock.advance(LEASE_MS / 3);
    await settle();
    expect(seen.running).toBe(false);
    expect(seen.states).toEqual(['held', 'waiting']);
    await keeper.stop();
  });

  it('stops the activity when a renewal is not answered before the lease would run out', async () => {
    const clock = createManualClock();
    const leases = processLeases();
    let hang = false;
    const hanging: Leases = {
      ...leases,
      renew: (name, holder, ttl) => (hang ? new Promise(() => undefined) : leases.renew(name, holder, ttl)),
    };
    const { keeper, seen } = instance(hanging, 'a#1', clock, 'hanging');
    await settle();
    hang = true;
    await clock.advance(LEASE_MS / 3);
    expect(seen.running).toBe(true);
    await clock.advance((2 * LEASE_MS) / 3 - 1);
    expect(seen.running).toBe(true);
    await clock.advance(1);
    expect(seen.running).toBe(false);
    await keeper.stop();
  });

  it('runs on while the store is away, and stops once the store is back and the lease is not ours', async () => {
    const clock = createManualClock();
    const leases = processLeases();
    let away = false;
    const flaky: Leases = {
      ...leases,
      renew: async (name, holder, ttl) => {
        if (away) throw new StoreUnavailableError('redis://127.0.0.1', 'not connected; trying again');
        return leases.renew(name, holder, ttl);
      },
    };
    const { keeper, seen } = instance(flaky, 'a#1', clock, 'away');
    await settle();
    away = true;
    // Well past the lease: no instance could have taken it while the store was away for everyone.
    await beats(clock, 9);
    expect(seen.running).toBe(true);
    away = false;
    await beats(clock, 1);
    expect(seen.running).toBe(true);
    // The store is back and the lease ran out there, taken by another instance: stop at once.
    await leases.release('away', 'a#1');
    expect(await leases.acquire('away', 'b#1', LEASE_MS)).toBe(true);
    await beats(clock, 1);
    expect(seen.running).toBe(false);
    expect(seen.states).toEqual(['held', 'waiting']);
    await keeper.stop();
  });

  it('releases the lease on stop, and waits while another holds it', async () => {
    const clock = createManualClock();
    const leases = processLeases();
    const a = instance(leases, 'a#1', clock, 'handover');
    await settle();
    const b = instance(leases, 'b#1', clock, 'handover');
    await clock.advance(LEASE_MS);
    expect([a.seen.running, b.seen.running]).toEqual([true, false]);
    expect(b.keeper.state).toBe('waiting');
    await a.keeper.stop();
    expect(a.seen.running).toBe(false);
    expect(await leases.holder('handover')).toBeUndefined();
    await clock.advance(LEASE_MS / 3);
    await settle();
    expect(b.seen.running).toBe(true);
    await b.keeper.stop();
    expect(b.keeper.state).toBe('stopped');
  });
});

describe('the lease keeper on Redis, two instances', () => {
  const url = testRedisUrl();
  const [first, second] = [connectRedis(url), connectRedis(url)];
  afterAll(() => Promise.all([first.close(), second.close()]));

  it('lets one instance hold, and the other take over after the holder dies unreleased', async () => {
    const name = `keeper-${process.pid}-${Date.now()}`;
    // Each instance has its own clock: a killed one's never moves again.
    const [clockA, clockB] = [createManualClock(), createManualClock()];
    const a = instance(redisLeases(first.client), 'a#1', clockA, name);
    // Holding: one sleeper renews.
    await asleep(clockA);
    expect(a.seen.running).toBe(true);
    const b = instance(redisLeases(second.client), 'b#1', clockB, name);
    for (let beat = 0; beat < 6; beat++) {
      await beats(clockA, 1);
      await beats(clockB, 1);
    }
    expect([a.seen.running, b.seen.running]).toEqual([true, false]);
    expect(b.seen.runs).toBe(0);

    // kill -9: A's timers never run again; Redis expires its key once the lease is over (deleted here,
    // as the expiry would, without waiting real seconds).
    await first.client.del(`postie:lease:${name}`);
    await beats(clockB, 1);
    expect(b.seen.running).toBe(true);
    expect(await second.client.get(`postie:lease:${name}`)).toBe('b#1');
    await b.keeper.stop();
    expect(await second.client.get(`postie:lease:${name}`)).toBeNull();
  });
});
