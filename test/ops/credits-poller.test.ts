import { describe, expect, it } from 'vitest';
import { pollCredits } from '../../src/ops/credits-poller.js';
import { createManualClock } from '../../src/time/manual-clock.js';
import { captureLogger } from '../helpers/capture-logger.js';

describe('pollCredits', () => {
  it('reads at start, and its stop ends an ask under way instead of waiting for the carrier', async () => {
    const asked: AbortSignal[] = [];
    // A carrier that never answers: only the abort ends the ask.
    const read = (signal?: AbortSignal) =>
      new Promise<number>((_resolve, reject) => {
        if (signal) asked.push(signal);
        signal?.addEventListener('abort', () => reject(signal.reason));
      });
    const { logger, lines } = captureLogger('info');
    const poller = pollCredits({
      readers: new Map([['trackingmore', read]]),
      clock: createManualClock(),
      logger,
    });
    expect(asked).toHaveLength(1);
    await poller.stop();
    expect(asked[0]?.aborted).toBe(true);
    expect(poller.get('trackingmore')).toBeUndefined();
    // A stop is not a carrier failure: no warning.
    expect(lines.filter((l) => Number(l['level']) >= 40)).toEqual([]);
  });

  it('keeps the credits read, and warns with the code alone when an ask fails', async () => {
    const clock = createManualClock();
    let answer: () => Promise<number> = async () => 1234;
    const { logger, lines } = captureLogger('info');
    const poller = pollCredits({
      readers: new Map([['trackingmore', () => answer()]]),
      clock,
      logger,
      intervalMs: 1000,
    });
    await expect.poll(() => poller.get('trackingmore')?.left).toBe(1234);
    answer = async () => {
      throw Object.assign(new Error('refused'), { code: 'unauthorized' });
    };
    await clock.advance(1000);
    await expect.poll(() => lines.some((l) => l['code'] === 'unauthorized')).toBe(true);
    expect(poller.get('trackingmore')?.left).toBe(1234);
    await poller.stop();
  });
});
