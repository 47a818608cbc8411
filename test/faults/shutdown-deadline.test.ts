import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { buildApp, type ServingApp } from '../../src/app/build-app.js';
import { loadConfig } from '../../src/config.js';
import { chatKey } from '../../src/domain/chat.js';
import { eventKey } from '../../src/domain/event-key.js';
import type { Shipment } from '../../src/domain/shipment.js';
import type { TrackingNumber } from '../../src/domain/tracking-number.js';
import { chatSettingsOn } from '../../src/store/chat-settings.js';
import { openStoreBackend } from '../../src/store/open-store-backend.js';
import { openSqliteBackend } from '../../src/store/sqlite-backend.js';
import { recordNews } from '../../src/subscriptions/news/record-news.js';
import { openSubscriptionStore } from '../../src/subscriptions/store/open-subscription-store.js';
import { createManualClock } from '../../src/time/manual-clock.js';
import { type FakeTelegram, startFakeTelegram } from '../frontends/telegram/fake-telegram.js';
import { privateChat, startTelegram, TOKEN, user } from '../frontends/telegram/telegram-harness.js';
import { startBotRig } from '../helpers/bot-rig.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { subscriptionOf, telegramChat, watchOf } from '../subscriptions/subscription-fixtures.js';

/**
 * Fault: Telegram hangs while Postie stops. The stop takes no longer than SHUTDOWN_TIMEOUT_MS (measured
 * on a manual clock), gives up the send that hangs, and the notification it carried stays in the outbox:
 * the next start sends it.
 */
const dir = mkdtempSync(join(tmpdir(), 'postie-shutdown-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NUMBER = 'RB000000014HK';
const CHAT = telegramChat(1501);
const SCAN = 'Arrived at delivery office';

let app: ServingApp | undefined;
let fake: FakeTelegram | undefined;
afterEach(async () => {
  await app?.stop();
  await fake?.close();
  app = fake = undefined;
});

/** A chat following NUMBER with news recorded and not yet sent, as a poll leaves it (the durable outbox). */
async function seedOutbox(url: string) {
  const backend = await openStoreBackend(url);
  const store = openSubscriptionStore(backend, { onBadRecord: () => undefined });
  const chats = backend.namespace('chats');
  try {
    const later = Date.now() + 86_400_000; // not due for a poll while the test runs
    await store.add(
      subscriptionOf(CHAT, NUMBER),
      watchOf(NUMBER, [chatKey(CHAT)], { nextPollAt: later }),
      50,
    );
    const watch = await store.watch(NUMBER);
    if (!watch) throw new Error('no watch');
    const time = '2026-01-02T09:00:00+08:00';
    const shipment: Shipment = {
      number: NUMBER as TrackingNumber,
      carrier: 'hongkong-post',
      adapter: 'hongkong-post',
      status: 'in_transit',
      events: [
        {
          key: eventKey({ carrier: 'hongkong-post', number: NUMBER, time, text: SCAN }),
          time,
          description: { text: SCAN },
          status: 'in_transit',
        },
      ],
      fetchedAt: new Date().toISOString(),
    };
    const handedOver: string[] = [];
    const deliver = (chat: string) => void handedOver.push(chat);
    await recordNews({ store, settings: chatSettingsOn(chats), deliver }, watch, shipment, Date.now());
    expect(handedOver).toEqual([chatKey(CHAT)]);
  } finally {
    await backend.close();
  }
}

const env = (url: string, apiRoot: string) => ({
  TELEGRAM_BOT_TOKEN: TOKEN,
  TELEGRAM_API_ROOT: apiRoot,
  HTTP_PORT: '0',
  STORE_URL: url,
  SHUTDOWN_TIMEOUT_MS: '5000',
});

describe('fault: Telegram hangs during a shutdown', () => {
  it('stops within SHUTDOWN_TIMEOUT_MS, and the unsent notification is sent after the next start', async () => {
    const url = `sqlite://${join(dir, 'hung.sqlite')}`;
    await seedOutbox(url);
    fake = await startFakeTelegram({ token: TOKEN });
    const hung = fake;
    hung.hangNext('sendMessage', 100);
    const deadlines = createManualClock(Date.now());
    const { logger, lines } = captureLogger('info');
    app = await buildApp(loadConfig(env(url, hung.apiRoot)), {
      logger,
      frontends: 'configured',
      deadlineClock: deadlines,
    });
    // On start the notifier sends what the outbox holds; Telegram never answers.
    await hung.waitFor(() => hung.hanging === 1);

    let outcome: string | undefined;
    const stopping = app.stop().then((result) => {
      outcome = result;
    });
    // Work under way gets until a second before the deadline…
    await deadlines.advance(3_999);
    expect(outcome).toBeUndefined();
    // …then the hung send is given up, and the stop ends within the deadline.
    await deadlines.advance(1);
    await stopping;
    expect(outcome).toBe('abandoned');
    expect(lines.map((l) => l['msg'])).toContain(
      'shutdown is running out of time: giving up calls under way (unsent notifications stay in the outbox)',
    );
    app = undefined;
    await hung.close();

    // The next start, with Telegram well again, sends the notification that was left.
    fake = await startFakeTelegram({ token: TOKEN });
    const well = fake;
    well.state.chats.set(1501, privateChat(1501));
    app = await buildApp(loadConfig(env(url, well.apiRoot)), {
      logger: captureLogger('info').logger,
      frontends: 'configured',
    });
    const [news] = await well.waitFor(() => well.messagesIn(1501).length > 0 && well.messagesIn(1501));
    expect(news?.text).toContain(SCAN);
    expect(await app.stop()).toBe('complete');
    app = undefined;
  });

  it('stops in order, without waiting for the deadline, when nothing hangs', async () => {
    const url = `sqlite://${join(dir, 'well.sqlite')}`;
    fake = await startFakeTelegram({ token: TOKEN });
    const deadlines = createManualClock(Date.now());
    app = await buildApp(loadConfig(env(url, fake.apiRoot)), {
      logger: captureLogger('info').logger,
      frontends: 'configured',
      deadlineClock: deadlines,
    });
    await fake.waitFor(() => fake?.calls.some((c) => c.method === 'getUpdates'));
    expect(await app.stop()).toBe('complete');
    expect(deadlines.now()).toBeLessThanOrEqual(Date.now());
    app = undefined;
  });

  it('leaves the updates it could not answer pending once the shutdown gives up, says how many, and answers them at the next start', async () => {
    const rig = await startBotRig();
    const deadlines = createManualClock(Date.now());
    const { logger, lines } = captureLogger('info');
    const store = openSqliteBackend(':memory:');
    const telegram = await startFakeTelegram({ token: TOKEN });
    const tg = await startTelegram({
      core: rig.core,
      logger,
      deadlineClock: deadlines,
      store,
      fake: telegram,
    });
    try {
      tg.fake.hangNext('sendMessage', 1);
      for (let i = 0; i < 5; i++) tg.fake.userSays(privateChat(1601), user(1601), '/help');
      await tg.fake.waitFor(() => tg.fake.hanging === 1);
      const abandon = new AbortController();
      const stopping = tg.frontend.stop(abandon.signal);
      abandon.abort();
      await stopping;
      // The first was under way (its reply given up); the four behind it in the chat's queue never began.
      expect(lines).toContainEqual(
        expect.objectContaining({
          level: 40,
          updates: 5,
          msg: 'Telegram updates left pending for the next start: the shutdown could not wait for them',
        }),
      );
      expect(tg.fake.messagesIn(1601).filter((m) => m.fromBot)).toEqual([]);
      await tg.close();
      const next = await startTelegram({
        core: rig.core,
        logger,
        deadlineClock: deadlines,
        store,
        fake: telegram,
      });
      await telegram.waitFor(() => telegram.messagesIn(1601).filter((m) => m.fromBot).length >= 5);
      await next.close();
      expect(telegram.messagesIn(1601).filter((m) => m.fromBot)).toHaveLength(5);
    } finally {
      await tg.close();
      await telegram.close();
      await store.close();
      await rig.close();
    }
  });
});
