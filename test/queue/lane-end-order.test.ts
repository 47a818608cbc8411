import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import type { CarrierAdapter } from '../../src/carriers/adapter.js';
import { CarrierError } from '../../src/domain/carrier-error.js';
import type { TrackingNumber } from '../../src/domain/tracking-number.js';
import { counterStoreOn } from '../../src/queue/counter-store.js';
import type { LaneStates } from '../../src/queue/lane-state.js';
import { createLocalLaneStates } from '../../src/queue/local-lane-state.js';
import { createTrackingQueue } from '../../src/queue/tracking-queue.js';
import { createManualClock } from '../../src/time/manual-clock.js';
import { captureLogger } from '../helpers/capture-logger.js';

/**
 * A request's end reaches the lane's state before anyone hears its answer: `postie track` exits on its
 * answers, and an end still on its way to Redis then would hold the carrier's slot for every other
 * instance until its lease ran out (35 s for Hongkong Post).
 */
function recordingStates(events: string[]): LaneStates {
  const local = createLocalLaneStates();
  return {
    lane(adapter, limits) {
      const state = local.lane(adapter, limits);
      return {
        ...state,
        reserve: (now) => state.reserve(now),
        view: (now) => state.view(now),
        cancel: (token, now) => state.cancel(token, now),
        async ended(token, now, end) {
          // A round trip away, as on Redis: kept once the event loop has turned.
          await new Promise((resolve) => setImmediate(resolve));
          events.push(`ended ${end.verdict}`);
          await state.ended(token, now, end);
        },
      };
    },
    pollHold: (adapter) => local.pollHold(adapter),
  };
}

async function lookupWith(track: CarrierAdapter['track']) {
  const events: string[] = [];
  const clock = createManualClock();
  const queue = createTrackingQueue({
    adapters: [
      {
        adapter: { id: 'test', track },
        limits: { concurrency: 1, batchSize: 1, batchWindowMs: 0, requestTimeoutMs: 1000, cacheTtlMs: 0 },
      },
    ],
    clock,
    random: () => 0.5,
    cache: createMemoryCache(clock),
    counters: counterStoreOn(createMemoryCache(clock)),
    laneStates: recordingStates(events),
    logger: captureLogger('fatal').logger,
  });
  const outcome = await queue.lookup(
    'test',
    { number: 'N1' as TrackingNumber, carrier: 'hongkong-post' },
    { priority: 'interactive', locale: 'en' },
  );
  events.push(`answered ${outcome.kind}`);
  return events;
}

describe('a lane recording its requests’ ends', () => {
  it('records the end before the lookup is answered', async () => {
    const events = await lookupWith(async () => new Map());
    expect(events).toEqual(['ended success', 'answered failed']);
  });

  it('records the end before a failed lookup is answered', async () => {
    const events = await lookupWith(async () => {
      throw new CarrierError('test', 'invalid_number', 'no');
    });
    expect(events).toEqual(['ended neutral', 'answered failed']);
  });
});
