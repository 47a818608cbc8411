import { afterEach, describe, expect, it } from 'vitest';
import { CarrierError } from '../../src/domain/carrier-error.js';
import { BREAKER_DEFAULTS } from '../../src/queue/breaker.js';
import { inFlightLeaseMs } from '../../src/queue/lane-state.js';
import { drive } from '../helpers/drive-clock.js';
import { adapterIdOf, busiest, driveUntil, runFor, sharedLanes } from './shared-lanes-rig.js';

/**
 * Three Postie instances sharing one Redis and one carrier account keep the carrier's limits together:
 * each instance has its own connection, queue and lanes (as separate processes would), one recording
 * carrier answers them all, on one manual clock.
 */
const rigs: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const rig of rigs.splice(0)) await rig.close();
});

async function rigOf(...args: Parameters<typeof sharedLanes>) {
  const rig = await sharedLanes(...args);
  rigs.push(rig);
  return rig;
}

const numbers = (instance: number, count: number) =>
  Array.from({ length: count }, (_, i) => `I${instance}N${i}`);

describe('carrier lanes shared through Redis by several instances', () => {
  it('spaces every arrival by the least spacing, counted from the previous request’s end, across instances', async () => {
    const rig = await rigOf(3, { minSpacingMs: 110 }, adapterIdOf('spacing'));
    // Some calls are slow to arrive or to be answered: a login, a slow network.
    rig.script.transits.push(0, 30, 0, 5, 0, 0, 40, 0, 12);
    rig.script.delays.push(0, 0, 40, 0, 25, 0, 0, 60);
    const all = Promise.all(
      rig.instances.flatMap((instance, i) => numbers(i, 5).map((n) => instance.lookup(n))),
    );
    await drive(rig.clock, all);
    const outcomes = await all;
    expect(outcomes.every((o) => o.kind === 'found')).toBe(true);
    expect(new Set(rig.calls.map((c) => c.instance)).size).toBe(3);
    const byStart = [...rig.calls].sort((a, b) => a.startedAt - b.startedAt);
    for (let i = 1; i < byStart.length; i++) {
      const [previous, call] = [byStart[i - 1], byStart[i]];
      expect(call?.startedAt).toBeGreaterThanOrEqual((previous?.endedAt as number) + 110);
      expect((call?.arrivedAt as number) - (previous?.arrivedAt as number)).toBeGreaterThanOrEqual(110);
    }
  });

  it('never lets a window see more arrivals than its limit, whatever the instances and the network do', async () => {
    const rig = await rigOf(
      3,
      { concurrency: 3, windows: [{ limit: 3, windowMs: 1000 }] },
      adapterIdOf('window'),
    );
    rig.script.transits.push(30, 0, 300, 0, 30, 900, 0, 0, 250, 0, 40);
    rig.script.delays.push(0, 200, 0, 0, 500, 0, 0, 100);
    const all = Promise.all(
      rig.instances.flatMap((instance, i) => numbers(i, 4).map((n) => instance.lookup(n))),
    );
    await drive(rig.clock, all);
    await all;
    expect(rig.calls).toHaveLength(12);
    expect(
      busiest(
        rig.calls.map((c) => c.arrivedAt as number),
        1000,
      ),
    ).toBeLessThanOrEqual(3);
  });

  it('holds the concurrency across instances', async () => {
    const rig = await rigOf(3, { concurrency: 2 }, adapterIdOf('concurrency'));
    rig.script.delays.push(...Array.from({ length: 12 }, (_, i) => 50 + 30 * (i % 4)));
    const all = Promise.all(
      rig.instances.flatMap((instance, i) => numbers(i, 4).map((n) => instance.lookup(n))),
    );
    await drive(rig.clock, all);
    await all;
    expect(rig.calls).toHaveLength(12);
    expect(rig.mostActive).toBe(2);
  });

  it('pauses every instance after "too many requests" answered to one', async () => {
    const rig = await rigOf(3, { minSpacingMs: 110 }, adapterIdOf('pause'));
    rig.script.failures.set(0, [
      new CarrierError('test', 'rate_limited', 'slow down', { retryAfterMs: 5_000 }),
    ]);
    const first = rig.instances[0]?.lookup('I0N0') as Promise<unknown>;
    await driveUntil(rig.clock, () => rig.calls[0]?.endedAt !== undefined);
    const refusedAt = rig.calls[0]?.endedAt as number;
    expect(refusedAt).toBeDefined();
    const others = Promise.all([1, 2].flatMap((i) => numbers(i, 2).map((n) => rig.instances[i]?.lookup(n))));
    await drive(rig.clock, Promise.all([first, others]));
    const after = rig.calls.slice(1);
    expect(after).toHaveLength(5);
    for (const call of after) expect(call.startedAt).toBeGreaterThanOrEqual(refusedAt + 5_000);
  });

  it('answers a person at once on every instance while another instance’s pause is long', async () => {
    const rig = await rigOf(2, { minSpacingMs: 110 }, adapterIdOf('long-pause'));
    rig.script.failures.set(0, [
      new CarrierError('test', 'rate_limited', 'slow down', { retryAfterMs: 120_000 }),
    ]);
    const background = rig.instances[0]?.lookup('I0N0') as Promise<unknown>;
    await driveUntil(rig.clock, () => rig.calls[0]?.endedAt !== undefined);
    expect(rig.calls).toHaveLength(1);
    const person = rig.instances[1]?.lookup('I1N0', 'interactive') as Promise<{
      kind: string;
      error?: CarrierError;
    }>;
    await drive(rig.clock, person);
    const outcome = await person;
    expect(outcome.kind === 'failed' && outcome.error?.code).toBe('rate_limited');
    expect(rig.calls).toHaveLength(1);
    void background;
  });

  it('opens the breaker for every instance when one keeps failing, and lets one half-open trial through', async () => {
    const rig = await rigOf(3, { minSpacingMs: 110 }, adapterIdOf('breaker'));
    const unavailable = () => new CarrierError('test', 'unavailable', 'down');
    rig.script.failures.set(0, Array.from({ length: BREAKER_DEFAULTS.threshold }, unavailable));
    const failing = rig.instances[0]?.lookup('I0N0') as Promise<{ kind: string; error?: CarrierError }>;
    await drive(rig.clock, failing);
    expect((await failing).kind).toBe('failed');
    expect(rig.calls).toHaveLength(BREAKER_DEFAULTS.threshold);
    const openedAt = rig.calls.at(-1)?.endedAt as number;

    // Open: the other instances answer at once, without calling the carrier.
    const refused = rig.instances[1]?.lookup('I1N0') as Promise<{ kind: string; error?: CarrierError }>;
    await drive(rig.clock, refused);
    const outcome = await refused;
    expect(outcome.kind === 'failed' && outcome.error?.code).toBe('unavailable');
    expect(rig.calls).toHaveLength(BREAKER_DEFAULTS.threshold);

    // Half-open: of the two instances asking, one sends the trial; the other waits for its verdict.
    await rig.clock.set(openedAt + BREAKER_DEFAULTS.cooldownMs);
    rig.script.delays.push(2_000);
    const both = Promise.all([rig.instances[1]?.lookup('I1N1'), rig.instances[2]?.lookup('I2N1')]);
    await drive(rig.clock, both);
    const outcomes = await both;
    expect(outcomes.map((o) => o?.kind)).toEqual(['found', 'found']);
    const [trial, next] = rig.calls.slice(BREAKER_DEFAULTS.threshold);
    expect(next?.startedAt).toBeGreaterThanOrEqual((trial?.endedAt as number) + 110);
    expect(trial?.endedAt).toBe((trial?.startedAt as number) + 2_000);
  });

  it('frees the slot of an instance killed mid-request once its lease runs out', async () => {
    const limits = { minSpacingMs: 110, requestTimeoutMs: 1_000 };
    const rig = await rigOf(2, limits, adapterIdOf('killed'));
    rig.script.hanging.add(0);
    void rig.instances[0]?.lookup('I0N0');
    await driveUntil(rig.clock, () => rig.calls.length === 1);
    expect(rig.calls).toHaveLength(1);
    const killedAt = rig.calls[0]?.startedAt as number;
    await rig.instances[0]?.backend.close();

    const survivor = rig.instances[1]?.lookup('I1N0') as Promise<{ kind: string }>;
    await runFor(rig.clock, 1_000, 50);
    expect(rig.calls).toHaveLength(1);
    await drive(rig.clock, survivor, 50);
    expect((await survivor).kind).toBe('found');
    expect(rig.calls[1]?.startedAt).toBeGreaterThanOrEqual(killedAt + inFlightLeaseMs(limits));
  });
});
