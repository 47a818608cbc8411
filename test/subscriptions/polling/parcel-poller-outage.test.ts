import { afterEach, describe, expect, it } from 'vitest';
import { chatKey } from '../../../src/domain/chat.js';
import { StoreUnavailableError } from '../../../src/domain/store-unavailable.js';
import { chatSettingsOn } from '../../../src/store/chat-settings.js';
import { openStoreBackend } from '../../../src/store/open-store-backend.js';
import { REDIS_RECONNECT } from '../../../src/store/redis-connection.js';
import type { StoreBackend } from '../../../src/store/store-backend.js';
import { hours, minutes } from '../../../src/subscriptions/polling/cadence-table.js';
import { createParcelPoller, type ParcelPoller } from '../../../src/subscriptions/polling/parcel-poller.js';
import { openSubscriptionStore } from '../../../src/subscriptions/store/open-subscription-store.js';
import { createManualClock } from '../../../src/time/manual-clock.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { type RedisServer, startRedisServer } from '../../helpers/redis-server.js';
import { subscriptionOf, telegramChat, watchOf } from '../subscription-fixtures.js';
import { quietCarrier } from './quiet-carrier.js';

/**
 * The parcel poller's own loop on the shared store, with Redis (a server of the test's own that keeps its
 * data) taken away and brought back: polls wait for the store instead of failing every minute, and
 * what came due, or was planned while it was away, is polled once it is back.
 */
const GUARD = { timeout: 10_000 };

const open: { poller: ParcelPoller; backend: StoreBackend; server: RedisServer }[] = [];
afterEach(async () => {
  for (const { poller, backend, server } of open.splice(0)) {
    await poller.stop();
    await backend.close();
    await server.stop();
  }
});

async function setUp() {
  const server = await startRedisServer({ keepData: true });
  const clock = createManualClock();
  const retryClock = createManualClock();
  const backend = await openStoreBackend(server.url, { retryClock });
  const store = openSubscriptionStore(backend, { onBadRecord: () => undefined });
  const { logger, lines } = captureLogger('info');
  const carrier = quietCarrier();
  const follow = async (id: number, number: string, dueInMs: number) => {
    const chat = telegramChat(id);
    const watch = watchOf(number, [chatKey(chat)], {
      carrier: 'hongkong-post',
      adapter: 'hongkong-post',
      status: 'in_transit',
      subscribedAt: clock.now(),
      lastNewsAt: clock.now(),
      nextPollAt: clock.now() + dueInMs,
    });
    await store.add(subscriptionOf(chat, number), watch, 50);
    return watch;
  };
  const poller = createParcelPoller({
    store,
    settings: chatSettingsOn(backend.namespace('chats')),
    tracking: carrier.tracking,
    clock,
    random: () => 0.5,
    logger,
    budgets: [],
    locale: 'en',
    deliver: () => undefined,
    schedule: backend.dueSchedule,
    storeReady: (signal) => backend.ready(signal),
  });
  open.push({ poller, backend, server });
  const back = async () => {
    await server.start();
    // Each look moves the retry clock on by the longest back-off: a reconnection that was still failing
    // against the stopped server when it restarted is simply tried again at the next look.
    await expect
      .poll(async () => {
        await retryClock.advance(REDIS_RECONNECT.maxMs);
        return backend.state;
      }, GUARD)
      .toBe('ready');
  };
  return { server, clock, backend, poller, lines, follow, back, ...carrier };
}

describe('fault: Redis goes away under the parcel poller', () => {
  it('waits for the store without failing every minute, and polls what came due once it is back', async () => {
    const { server, clock, poller, lines, follow, back, asked } = await setUp();
    await follow(1, 'RB000000014HK', hours(1));
    await poller.start();
    await server.stop();
    const before = lines.length;
    // Due within the hour; the store stays away for two.
    for (let step = 0; step < 12; step++) await clock.advance(minutes(10));
    expect(asked).toEqual([]);
    const during = lines.slice(before).filter((l) => Number(l['level']) >= 40);
    expect(during.length).toBeLessThanOrEqual(1);

    await back();
    // Back: polled at once, without waiting for a minute of the poller's clock to pass.
    await expect.poll(() => asked, GUARD).toEqual(['RB000000014HK']);
  });

  it('plans, once the store is back, a number whose plan could not be written while it was away', async () => {
    const { server, clock, poller, follow, back, asked } = await setUp();
    await poller.start();
    // A subscription written just before the store went away; planning it fails.
    const watch = await follow(2, 'EA000001006HK', hours(1));
    await server.stop();
    await expect(poller.schedule(watch)).rejects.toThrow(StoreUnavailableError);

    await back();
    await clock.advance(hours(1));
    await expect.poll(() => asked, GUARD).toEqual(['EA000001006HK']);
  });
});
