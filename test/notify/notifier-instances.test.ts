import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import { createProcessLock, type KeyedLock } from '../../src/collections/keyed-lock.js';
import { chatKey } from '../../src/domain/chat.js';
import { eventKey } from '../../src/domain/event-key.js';
import type { Shipment, TrackingEvent } from '../../src/domain/shipment.js';
import type { TrackingNumber } from '../../src/domain/tracking-number.js';
import { createLogger } from '../../src/logger.js';
import { createNotifier, type Notifier } from '../../src/notify/notifier.js';
import { createRenderer } from '../../src/render/create-renderer.js';
import { chatSettingsOn } from '../../src/store/chat-settings.js';
import { recordNews } from '../../src/subscriptions/news/record-news.js';
import { subscriptionOutbox } from '../../src/subscriptions/news/subscription-outbox.js';
import { createManualClock, type ManualClock } from '../../src/time/manual-clock.js';
import { memorySubscriptionStore } from '../helpers/memory-subscription-store.js';
import { type RecordingChannel, recordingChannel } from '../subscriptions/notifications-harness.js';
import { subscriptionOf, telegramChat, watchOf } from '../subscriptions/subscription-fixtures.js';

/**
 * Two instances' notifiers on one outbox (one store), as on Redis: an instance that starts while another
 * is sending a chat's notification must not send it too. The store's lock (across instances on Redis;
 * its contract is the KeyedLock's, so a process lock stands for it here) keeps one chat's sends apart.
 */

const chat = telegramChat(9);
const NUMBER = 'N1';
const logger = createLogger({ level: 'silent', pretty: false });
const notifiers: Notifier[] = [];
afterEach(async () => {
  for (const notifier of notifiers.splice(0)) await notifier.stop();
});

const event = (hour: number): TrackingEvent => {
  const time = new Date(Date.UTC(2026, 0, 1, hour)).toISOString();
  const text = `Scan at hour ${hour}`;
  return {
    key: eventKey({ carrier: 'hongkong-post', number: NUMBER, time, text }),
    time,
    description: { text },
    status: 'in_transit',
  };
};

/** A channel whose first delivery waits until `release`. */
function heldChannel(): RecordingChannel & { entered: Promise<void>; release: () => void } {
  const channel = recordingChannel();
  const deliver = channel.deliver.bind(channel);
  let release: () => void = () => undefined;
  let enter: () => void = () => undefined;
  const entered = new Promise<void>((resolve) => {
    enter = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  channel.deliver = async (...args) => {
    enter();
    await released;
    return deliver(...args);
  };
  return Object.assign(channel, { entered, release });
}

async function twoInstances(lock: KeyedLock | undefined) {
  const clock: ManualClock = createManualClock();
  const store = await memorySubscriptionStore();
  await store.add(subscriptionOf(chat, NUMBER), watchOf(NUMBER, [chatKey(chat)]), 50);
  const notifierOn = (channel: RecordingChannel) => {
    const notifier = createNotifier({
      outbox: subscriptionOutbox(store, clock),
      channels: new Map([['telegram', channel]]),
      renderer: createRenderer(),
      viewOf: async () => ({ locale: 'en', timeZone: 'UTC', now: clock.now(), chatKind: 'private' }),
      clock,
      logger,
      ...(lock ? { lock } : {}),
    });
    notifiers.push(notifier);
    return notifier;
  };
  const [first, second] = [heldChannel(), recordingChannel()];
  const a = notifierOn(first);
  const watch = await store.watch(NUMBER);
  if (!watch) throw new Error('no watch');
  const settings = chatSettingsOn(createMemoryCache(clock));
  await recordNews(
    { store, settings, deliver: (c, n) => a.notify(c, [n]) },
    watch,
    {
      number: NUMBER as TrackingNumber,
      carrier: 'hongkong-post',
      adapter: 'hongkong-post',
      status: 'in_transit',
      events: [event(2)],
      fetchedAt: new Date(0).toISOString(),
    } satisfies Shipment,
    clock.now(),
  );
  // A's batch window ends: it is sending, and holds the delivery.
  await clock.advance(5_000);
  await first.entered;
  // B starts meanwhile, and finds the notification in the outbox.
  const b = notifierOn(second);
  await b.start();
  await clock.advance(0);
  return { a, b, first, second, close: () => store.close() };
}

describe('notifications across instances', () => {
  it('are sent once when an instance starts while another is sending the same one', async () => {
    const run = await twoInstances(createProcessLock());
    try {
      run.first.release();
      await run.a.idle();
      await run.b.idle();
      expect(run.first.delivered).toHaveLength(1);
      expect(run.second.delivered).toHaveLength(0);
    } finally {
      await run.close();
    }
  });

  it('are sent twice without the lock (what it is for)', async () => {
    const run = await twoInstances(undefined);
    try {
      await run.b.idle();
      run.first.release();
      await run.a.idle();
      expect(run.first.delivered.length + run.second.delivered.length).toBe(2);
    } finally {
      await run.close();
    }
  });
});
