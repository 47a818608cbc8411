import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotCore } from '../../../src/core/bot-core.js';
import { openSqliteBackend } from '../../../src/store/sqlite-backend.js';
import type { StoreBackend } from '../../../src/store/store-backend.js';
import { createManualClock } from '../../../src/time/manual-clock.js';
import { type BotRig, startBotRig } from '../../helpers/bot-rig.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { type FakeTelegram, startFakeTelegram } from './fake-telegram.js';
import { privateChat, type RunningTelegram, startTelegram, TOKEN, user } from './telegram-harness.js';

/**
 * The durable intake through the real front-end: a run of Postie is the front-end on one store (an
 * in-memory SQLite of the test's own, which outlives the run) against one fake Bot API. A run that ends
 * with a command under way is stopped with the shutdown given up at once: its reply call is abandoned
 * as a kill would abandon it, and what the run took and did not answer must be answered by the next one.
 */

let rig: BotRig;
beforeAll(async () => {
  rig = await startBotRig();
});
afterAll(() => rig.close());

interface Runs {
  readonly fake: FakeTelegram;
  readonly store: StoreBackend;
  readonly lines: Record<string, unknown>[];
  /** Starts a run on the shared store and fake. */
  run(core?: BotCore): Promise<RunningTelegram>;
  close(): Promise<void>;
}

async function runs(): Promise<Runs> {
  const fake = await startFakeTelegram({ token: TOKEN });
  const store = openSqliteBackend(':memory:');
  const { logger, lines } = captureLogger('info');
  return {
    fake,
    store,
    lines,
    run: (core = rig.core) =>
      startTelegram({ core, logger, store, fake, deadlineClock: createManualClock(Date.now()) }),
    async close() {
      await fake.close();
      await store.close();
    },
  };
}

/** Ends a run with its shutdown given up at once, as a crash would leave it. */
async function giveUp(running: RunningTelegram): Promise<void> {
  const abandon = new AbortController();
  abandon.abort();
  await running.frontend.stop(abandon.signal);
  await running.close();
}

const texts = (fake: FakeTelegram, chatId: number) =>
  fake
    .messagesIn(chatId)
    .filter((m) => m.fromBot)
    .map((m) => m.text);

describe('Telegram durable intake: nothing taken is lost', () => {
  it('answers after a restart a command taken and not answered when the run ended', async () => {
    const t = await runs();
    try {
      const first = await t.run();
      t.fake.hangNext('sendMessage');
      t.fake.userSays(privateChat(4101), user(4101), '/help');
      await t.fake.waitFor(() => t.fake.hanging === 1);
      await giveUp(first);
      expect(texts(t.fake, 4101)).toEqual([]);
      const second = await t.run();
      const [help] = await t.fake.waitFor(() => texts(t.fake, 4101).length >= 1 && texts(t.fake, 4101));
      expect(help).toContain('/track');
      await second.close();
      expect(texts(t.fake, 4101)).toHaveLength(1);
    } finally {
      await t.close();
    }
  });

  it("answers what was left pending in each chat's order: /language first, then /help in that language", async () => {
    const t = await runs();
    try {
      const first = await t.run();
      t.fake.hangNext('sendMessage');
      t.fake.userSays(privateChat(4102), user(4102), '/language zh-HK');
      t.fake.userSays(privateChat(4102), user(4102), '/help');
      await t.fake.waitFor(() => t.fake.hanging === 1);
      await giveUp(first);
      const second = await t.run();
      const replies = await t.fake.waitFor(() => texts(t.fake, 4102).length >= 2 && texts(t.fake, 4102));
      expect(replies[0]).toContain('繁體中文');
      expect(replies[1]).toContain('/track');
      expect(replies[1]).toMatch(/[\u4e00-\u9fff]/);
      await second.close();
    } finally {
      await t.close();
    }
  });

  it('never keeps an inline query that failed: its id is useless to Telegram seconds later', async () => {
    const t = await runs();
    let asked = 0;
    const failing: BotCore = {
      ...rig.core,
      handleInlineQuery: async () => {
        asked += 1;
        throw new Error('the carrier is away');
      },
    };
    try {
      const first = await t.run(failing);
      t.fake.inlineQuery(user(4104), 'RB000000014HK');
      await t.fake.waitFor(() => asked >= 1);
      await first.close();
      // The next run has nothing of it to answer again.
      const second = await t.run(failing);
      await second.close();
      expect(asked).toBe(1);
    } finally {
      await t.close();
    }
  });

  it('gives up, with a log line, on an update whose handling fails in 5 tries', async () => {
    const t = await runs();
    let tries = 0;
    const failing: BotCore = {
      ...rig.core,
      handleMessage: async () => {
        tries += 1;
        throw new Error('this update always fails');
      },
    };
    try {
      for (let run = 1; run <= 7; run++) {
        const running = await t.run(failing);
        if (run === 1) t.fake.userSays(privateChat(4103), user(4103), '/help');
        if (run <= 5) await t.fake.waitFor(() => tries >= run);
        await running.close();
      }
      expect(tries).toBe(5);
      const givenUp = t.lines.filter(
        (l) => l['msg'] === 'a Telegram update was never handled in its tries: given up',
      );
      expect(givenUp).toEqual([expect.objectContaining({ level: 50, tries: 5 })]);
    } finally {
      await t.close();
    }
  });
});
