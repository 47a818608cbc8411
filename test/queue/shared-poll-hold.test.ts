import { afterAll, describe, expect, it } from 'vitest';
import { openStoreBackend } from '../../src/store/open-store-backend.js';
import { testRedisUrl } from '../helpers/test-redis.js';
import { adapterIdOf, START } from './shared-lanes-rig.js';

/**
 * Background polls held for a batch in Redis by two instances (two connections): numbers due on either
 * fill one batch, and the two together take batches at the pace of one.
 */
const backends = await Promise.all([openStoreBackend(testRedisUrl()), openStoreBackend(testRedisUrl())]);
afterAll(() => Promise.all(backends.map((b) => b.close())));
const RULES = { batchSize: 30, gatherMs: 60_000, paceMs: 1_080 };
const holdsOf = (name: string) => {
  const adapter = adapterIdOf(name);
  return backends.map((b) => b.laneStates.pollHold(adapter)) as [
    ReturnType<(typeof backends)[0]['laneStates']['pollHold']>,
    ReturnType<(typeof backends)[0]['laneStates']['pollHold']>,
  ];
};
const numbers = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe('background polls held in Redis by several instances', () => {
  it('fills one batch with the numbers due on every instance', async () => {
    const [a, b] = holdsOf('fill');
    await a.add(numbers('A', 15), START);
    await b.add(numbers('B', 15), START + 1);
    const taken = await b.take(START + 2, RULES);
    expect(taken.numbers).toHaveLength(30);
    expect(new Set(taken.numbers)).toEqual(new Set([...numbers('A', 15), ...numbers('B', 15)]));
    expect(await a.take(START + 2, RULES)).toEqual({ numbers: [] });
  });

  it('takes batches at the pace of one, whichever instance asks', async () => {
    const [a, b] = holdsOf('pace');
    await a.add(numbers('A', 45), START);
    await b.add(numbers('B', 45), START);
    expect((await a.take(START, RULES)).numbers).toHaveLength(30);
    expect(await b.take(START + 10, RULES)).toEqual({ numbers: [], nextAt: START + RULES.paceMs });
    expect((await b.take(START + RULES.paceMs, RULES)).numbers).toHaveLength(30);
    expect(await a.take(START + RULES.paceMs, RULES)).toEqual({
      numbers: [],
      nextAt: START + 2 * RULES.paceMs,
    });
  });

  it('sends a part-full batch once its oldest number has waited the gather time, and keeps a number once', async () => {
    const [a, b] = holdsOf('gather');
    await a.add(['N1', 'N2'], START);
    await b.add(['N2', 'N3'], START + 5_000);
    expect(await b.take(START + 5_000, RULES)).toEqual({ numbers: [], nextAt: START + RULES.gatherMs });
    const taken = await a.take(START + RULES.gatherMs, RULES);
    expect(taken.numbers).toEqual(['N1', 'N2', 'N3']);
    expect(taken.nextAt).toBeUndefined();
  });
});
