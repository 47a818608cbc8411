import { createMemoryCache } from '../../src/cache/memory-cache.js';
import type { TrackRequest } from '../../src/carriers/adapter.js';
import { type BotCore, createBotCore } from '../../src/core/bot-core.js';
import { createDetector } from '../../src/detect/detector.js';
import type { TrackOutcome } from '../../src/domain/outcome.js';
import { createExtractor } from '../../src/extract/extractor.js';
import type { TrackingQueue } from '../../src/queue/tracking-queue.js';
import { createRenderer } from '../../src/render/create-renderer.js';
import { chatSettingsOn } from '../../src/store/chat-settings.js';
import type { Subscriptions } from '../../src/subscriptions/subscriptions.js';
import { createManualClock, type ManualClock } from '../../src/time/manual-clock.js';
import { createTrackingService } from '../../src/tracking/tracking-service.js';
import { captureLogger } from './capture-logger.js';

/** A carrier lookup the test answers when it wants. */
interface HeldLookup {
  readonly request: TrackRequest;
  answer(outcome: TrackOutcome): void;
}

export interface HeldLookupsCore {
  readonly core: BotCore;
  /** The core's clock: nothing waits unless the test moves it. */
  readonly clock: ManualClock;
  /** Resolves once `count` lookups in all are waiting for (or had) an answer. */
  lookups(count: number): Promise<readonly HeldLookup[]>;
}

/**
 * The real core and tracking service on a manual clock, over a queue whose lookups (Hongkong Post only)
 * wait until the test answers them, without subscriptions: for what happens while a lookup is under way.
 */
export function heldLookupsCore(): HeldLookupsCore {
  const held: HeldLookup[] = [];
  const queue: TrackingQueue = {
    lookup: (_adapter, request) =>
      new Promise<TrackOutcome>((resolve) => held.push({ request, answer: resolve })),
    stats: () => undefined,
    usage: async () => undefined,
  };
  const detector = createDetector();
  const tracking = createTrackingService({
    extractor: createExtractor({ matcher: detector.matcher }),
    detector,
    queue,
    enabledAdapters: new Set(['hongkong-post']),
  });
  const subscriptions: Subscriptions = {
    subscribe: async () => 'added',
    unsubscribe: async () => false,
    unsubscribeAll: async () => 0,
    keepFollowing: async () => false,
    list: async () => [],
    has: async () => false,
  };
  const clock = createManualClock();
  const core = createBotCore({
    tracking,
    detector,
    renderer: createRenderer(),
    settings: chatSettingsOn(createMemoryCache(clock)),
    subscriptions,
    clock,
    logger: captureLogger('silent').logger,
    defaults: { locale: 'en', timeZone: 'Asia/Hong_Kong' },
  });
  return {
    core,
    clock,
    async lookups(count) {
      while (held.length < count) await new Promise((r) => setImmediate(r));
      return held;
    },
  };
}

/** A delivered shipment for the request, without events. */
export const foundFor = (request: TrackRequest): TrackOutcome => ({
  kind: 'found',
  shipment: {
    number: request.number,
    carrier: request.carrier,
    adapter: 'hongkong-post',
    status: 'delivered',
    events: [],
    fetchedAt: '2026-01-01T00:00:00Z',
  },
});
