import type { Update } from 'telegraf/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../../src/domain/store-unavailable.js';
import type { PendingUpdatesStore } from '../../../src/frontends/telegram/pending-updates.js';
import { openSqliteBackend } from '../../../src/store/sqlite-backend.js';
import { createManualClock } from '../../../src/time/manual-clock.js';
import { type BotRig, startBotRig } from '../../helpers/bot-rig.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { startFakeTelegram } from './fake-telegram.js';
import { privateChat, type RunningTelegram, startTelegram, TOKEN, user } from './telegram-harness.js';

/**
 * Copies and outages at the door: Telegram sends an update again when its webhook call was not answered
 * with a 2xx, and getUpdates hands out again whatever no offset confirmed; each is answered once. An
 * update the store cannot record is never confirmed, so Telegram keeps it until the store is back.
 */

let rig: BotRig;
beforeAll(async () => {
  rig = await startBotRig();
});
afterAll(() => rig.close());

const SECRET = 'copies-secret_0123456789';

async function post(running: RunningTelegram, update: Update): Promise<number> {
  const path = new URL(running.fake.state.webhook?.url ?? 'https://unset.invalid/').pathname.replace(
    /^\/hooks/,
    '',
  );
  const response = await fetch(`${running.localUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body: JSON.stringify(update),
  });
  await response.text();
  return response.status;
}

/** A namespace store that fails every call with the store's error while `down`. */
function switchable(): PendingUpdatesStore & { down: boolean } {
  const backend = openSqliteBackend(':memory:');
  const away = () => {
    if (switched.down) throw new StoreUnavailableError(':memory:', 'switched off by the test');
  };
  const switched = {
    down: false,
    namespace(name: string) {
      const cache = backend.namespace(name);
      return {
        namespace: cache.namespace,
        get: async <T>(key: string) => {
          away();
          return cache.get<T>(key);
        },
        set: async (key: string, value: unknown, ttlMs?: number) => {
          away();
          await cache.set(key, value, ttlMs);
        },
        delete: async (key: string) => {
          away();
          await cache.delete(key);
        },
        entries: <T>() => {
          away();
          return cache.entries<T>();
        },
      };
    },
  };
  return switched;
}

const answersIn = (running: RunningTelegram, chatId: number) =>
  running.fake.messagesIn(chatId).filter((m) => m.fromBot);

describe('Telegram intake: each update once', () => {
  it('answers once an update the webhook receives twice at once and again after answering', async () => {
    const tg = await startTelegram({
      core: rig.core,
      logger: captureLogger().logger,
      webhook: { url: 'https://postie.example/hooks', secret: SECRET },
    });
    try {
      const update = tg.fake.userSays(privateChat(4201), user(4201), '/help');
      expect(await Promise.all([post(tg, update), post(tg, update)])).toEqual([200, 200]);
      await tg.fake.waitFor(() => answersIn(tg, 4201).length >= 1);
      expect(await post(tg, update)).toBe(200);
      expect(await post(tg, tg.fake.userSays(privateChat(4201), user(4201), '/start'))).toBe(200);
      await tg.fake.waitFor(() => answersIn(tg, 4201).length >= 2);
      await tg.close();
      expect(answersIn(tg, 4201)).toHaveLength(2);
    } finally {
      await tg.close();
    }
  });

  it('answers once an update getUpdates hands out again after a restart', async () => {
    const fake = await startFakeTelegram({ token: TOKEN });
    const store = openSqliteBackend(':memory:');
    const { logger } = captureLogger();
    try {
      const first = await startTelegram({ core: rig.core, logger, store, fake });
      const help = fake.userSays(privateChat(4202), user(4202), '/help');
      await fake.waitFor(() => fake.messagesIn(4202).some((m) => m.fromBot));
      await first.close();
      fake.resend(help);
      const second = await startTelegram({ core: rig.core, logger, store, fake });
      fake.userSays(privateChat(4202), user(4202), '/start');
      await fake.waitFor(() => fake.messagesIn(4202).filter((m) => m.fromBot).length >= 2);
      await second.close();
      const replies = fake.messagesIn(4202).filter((m) => m.fromBot);
      expect(replies).toHaveLength(2);
      expect(replies.filter((m) => m.text.includes('/track'))).toHaveLength(1);
    } finally {
      await fake.close();
      await store.close();
    }
  });
});

describe('Telegram intake: the store away', () => {
  it('does not move the getUpdates offset past an update it could not record, and answers it once back', async () => {
    const store = switchable();
    const deadlines = createManualClock(Date.now());
    const { logger, lines } = captureLogger('info');
    const tg = await startTelegram({ core: rig.core, logger, store, deadlineClock: deadlines });
    try {
      store.down = true;
      const update = tg.fake.userSays(privateChat(4203), user(4203), '/help');
      const notRecorded = 'a Telegram update could not be recorded: not confirmed, asking for it again later';
      await tg.fake.waitFor(() => lines.some((l) => l['msg'] === notRecorded));
      const offsets = tg.fake.calls
        .filter((c) => c.method === 'getUpdates')
        .map((c) => Number(c.body['offset']));
      expect(Math.max(...offsets)).toBeLessThanOrEqual(update.update_id);
      // Handed on all the same, once, while unrecorded: the core (on a store of its own here) answers it.
      await tg.fake.waitFor(() => answersIn(tg, 4203).length >= 1);
      store.down = false;
      // Asked for again after a wait on the deadline clock, moved on at each look; recorded and answered.
      await tg.fake.waitFor(() => {
        void deadlines.advance(500);
        return answersIn(tg, 4203).length >= 2;
      });
      const copy = tg.fake.userSays(privateChat(4203), user(4203), '/start');
      await tg.fake.waitFor(() => answersIn(tg, 4203).length >= 3);
      tg.fake.resend(update);
      tg.fake.resend(copy);
      tg.fake.userSays(privateChat(4203), user(4203), '/help');
      await tg.fake.waitFor(() => answersIn(tg, 4203).length >= 4);
      await tg.close();
      expect(answersIn(tg, 4203)).toHaveLength(4);
    } finally {
      await tg.close();
    }
  });

  it('answers a webhook call it could not record with 503, so Telegram sends it again', async () => {
    const store = switchable();
    const tg = await startTelegram({
      core: rig.core,
      logger: captureLogger().logger,
      store,
      webhook: { url: 'https://postie.example/hooks', secret: SECRET },
    });
    try {
      const update = tg.fake.userSays(privateChat(4204), user(4204), '/help');
      store.down = true;
      expect(await post(tg, update)).toBe(503);
      expect(await post(tg, update)).toBe(503);
      // Handed on once while unrecorded: the core (on a store of its own here) answers it.
      await tg.fake.waitFor(() => answersIn(tg, 4204).length >= 1);
      store.down = false;
      expect(await post(tg, update)).toBe(200);
      await tg.fake.waitFor(() => answersIn(tg, 4204).length >= 2);
      expect(await post(tg, update)).toBe(200);
      expect(await post(tg, tg.fake.userSays(privateChat(4204), user(4204), '/start'))).toBe(200);
      await tg.fake.waitFor(() => answersIn(tg, 4204).length >= 3);
      await tg.close();
      expect(answersIn(tg, 4204)).toHaveLength(3);
    } finally {
      await tg.close();
    }
  });
});
