import { afterEach, describe, expect, it } from 'vitest';
import { createBotCore } from '../../src/core/bot-core.js';
import { createDetector } from '../../src/detect/detector.js';
import type { Reply } from '../../src/domain/reply.js';
import type { TrackingNumber } from '../../src/domain/tracking-number.js';
import { createRenderer } from '../../src/render/create-renderer.js';
import { chatSettingsOn } from '../../src/store/chat-settings.js';
import { openStoreBackend } from '../../src/store/open-store-backend.js';
import type { StoreBackend } from '../../src/store/store-backend.js';
import { openSubscriptionStore } from '../../src/subscriptions/store/open-subscription-store.js';
import { createSubscriptions } from '../../src/subscriptions/subscriptions.js';
import { createManualClock } from '../../src/time/manual-clock.js';
import type { TrackingService, TrackResult } from '../../src/tracking/tracking-service.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { type RedisServer, startRedisServer } from '../helpers/redis-server.js';
import { textOf } from '../subscriptions/notifications-harness.js';

/**
 * A pasted message whose numbers are answered as they arrive, with Redis (a server of the test's own)
 * going away between the first answer and the last: the first answer's failure must wait for the rest
 * and reach the chat, not escape as an unhandled rejection (which ends the process).
 */
const GUARD = { timeout: 10_000 };

const open: { backend: StoreBackend; server: RedisServer }[] = [];
afterEach(async () => {
  for (const { backend, server } of open.splice(0)) {
    await backend.close();
    await server.stop();
  }
});

const found = (number: string): TrackResult => ({
  input: number,
  number: number as TrackingNumber,
  carrier: 'hongkong-post',
  adapter: 'hongkong-post',
  candidates: [],
  outcome: {
    kind: 'found',
    shipment: {
      number: number as TrackingNumber,
      carrier: 'hongkong-post',
      adapter: 'hongkong-post',
      status: 'in_transit',
      events: [],
      fetchedAt: new Date(0).toISOString(),
    },
  },
});

describe("fault: Redis goes away while a message's numbers are answered", () => {
  it('answers "temporarily unavailable" once the last lookup is over, and the process lives on', async () => {
    const server = await startRedisServer();
    const backend = await openStoreBackend(server.url);
    open.push({ backend, server });
    const clock = createManualClock();
    const { logger } = captureLogger('warn');
    // The first number is answered at once; Redis goes away just before; the second comes later.
    const tracking: TrackingService = {
      async trackText(_text, options) {
        await server.stop();
        await expect.poll(() => backend.state, GUARD).toBe('unavailable');
        options.onResult?.(found('RB000000014HK'));
        // Everything the first answer does now runs before this: its failure, if no one holds it.
        await new Promise((resolve) => setImmediate(resolve));
        options.onResult?.(found('EA000001006HK'));
        return { results: [found('RB000000014HK'), found('EA000001006HK')], capped: false, withheld: 0 };
      },
      trackNumbers: async () => [],
    };
    const core = createBotCore({
      tracking,
      detector: createDetector(),
      renderer: createRenderer(),
      settings: chatSettingsOn(backend.namespace('chats')),
      subscriptions: createSubscriptions({
        store: openSubscriptionStore(backend, { onBadRecord: () => undefined }),
        counters: backend.counters,
        schedule: () => undefined,
        clock,
        random: () => 0.5,
      }),
      clock,
      logger,
      defaults: { locale: 'en', timeZone: 'Asia/Hong_Kong' },
    });
    const replies: Reply[] = [];
    await core.handleMessage(
      {
        chat: { platform: 'telegram', id: '801', kind: 'private' },
        user: { id: 'u801', languageCode: 'en' },
        text: 'RB000000014HK and EA000001006HK',
        addressedToBot: true,
      },
      async (reply) => {
        replies.push(reply);
      },
    );
    expect(replies.map(textOf)).toEqual([
      "Sorry, I'm temporarily unavailable. Please try again in a minute.",
    ]);
  });
});
