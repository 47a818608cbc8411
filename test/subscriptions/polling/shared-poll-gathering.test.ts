import { afterAll, describe, expect, it } from 'vitest';
import { HONGKONG_POST_LIMITS } from '../../../src/carriers/hongkong-post/index.js';
import { openStoreBackend } from '../../../src/store/open-store-backend.js';
import { adapterBudgets } from '../../../src/subscriptions/polling/budget.js';
import { createPollGatherer } from '../../../src/subscriptions/polling/poll-gatherer.js';
import { createManualClock } from '../../../src/time/manual-clock.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { testRedisUrl } from '../../helpers/test-redis.js';

/**
 * Due polls gathered by three instances sharing Redis (three connections, one gatherer each, one
 * manual clock): numbers due on any instance fill one Hongkong Post batch, and the instances together
 * send batches at the background pace of one.
 */
const backends = await Promise.all([0, 1, 2].map(() => openStoreBackend(testRedisUrl())));
afterAll(() => Promise.all(backends.map((b) => b.close())));

function instances(name: string) {
  const adapter = `test-${name}-${process.pid}-${Date.now()}`;
  const [budget] = adapterBudgets([{ id: adapter, limits: HONGKONG_POST_LIMITS }]);
  const clock = createManualClock();
  const sent: { at: number; instance: number; numbers: readonly string[] }[] = [];
  const gatherers = backends.map((backend, instance) =>
    createPollGatherer({
      budgets: budget ? [budget] : [],
      clock,
      logger: captureLogger('fatal').logger,
      holdOf: (id) => backend.laneStates.pollHold(id),
      send: async (numbers) => {
        sent.push({ at: clock.now(), instance, numbers });
      },
    }),
  );
  const due = (instance: number, count: number) =>
    gatherers[instance]?.add(
      Array.from({ length: count }, (_, i) => [`I${instance}N${i}`, adapter] as const),
    ) as Promise<void>;
  return { adapter, budget: budget as NonNullable<typeof budget>, clock, sent, gatherers, due };
}

/** Lets the gatherers' Redis round trips and pumps run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('due polls gathered across instances sharing Redis', () => {
  it('fills one full batch with numbers due on three instances', async () => {
    const { sent, due, gatherers, clock } = instances('fill');
    await due(0, 10);
    await due(1, 10);
    // Both instances' pumps hold their part-full batch, asleep on the clock until it fills or ages.
    while (clock.pending < 2) await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toEqual([]);
    await due(2, 10);
    await expect.poll(() => sent.length).toBe(1);
    expect(new Set(sent[0]?.numbers).size).toBe(30);
    await Promise.all(gatherers.map((g) => g.stop()));
  });

  it('sends the batches of three instances at the pace of one', async () => {
    const { sent, due, clock, budget, gatherers } = instances('pace');
    await Promise.all([0, 1, 2].map((i) => due(i, 60)));
    for (let step = 0; step < 200 && sent.length < 6; step++) {
      await settle();
      await clock.advance(budget.paceMs / 2);
    }
    await settle();
    expect(sent.map((s) => s.numbers.length)).toEqual([30, 30, 30, 30, 30, 30]);
    for (let i = 1; i < sent.length; i++)
      expect((sent[i]?.at as number) - (sent[i - 1]?.at as number)).toBeGreaterThanOrEqual(budget.paceMs);
    await Promise.all(gatherers.map((g) => g.stop()));
  });
});
