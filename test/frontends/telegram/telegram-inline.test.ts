import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotRig, startBotRig } from '../../helpers/bot-rig.js';
import type { Body } from './fake-telegram-methods.js';
import { pollingSuite } from './polling-suite.js';
import { user } from './telegram-harness.js';

const suite = pollingSuite();

/** The answer to an inline query, once the bot has given it. */
const answerTo = (id: string) => suite.tg.fake.waitFor(() => suite.tg.fake.state.inlineAnswers.get(id));
const resultsOf = (answer: Body) => answer['results'] as Body[];
const contentOf = (result: Body | undefined) => (result?.['input_message_content'] ?? {}) as Body;

describe('Telegram inline mode', () => {
  it('says at start how to turn inline mode on when BotFather has not (getMe)', async () => {
    await suite.start();
    expect(suite.tg.fake.bot.supports_inline_queries).toBe(false);
    expect(suite.logs).toContainEqual(
      expect.objectContaining({ msg: 'inline mode is off: send /setinline to @BotFather to turn it on' }),
    );
  });

  it('answers @bot with numbers: one article per number, in the asker’s language, briefly cached', async () => {
    await suite.start();
    await suite.tg.fake.waitFor(() => suite.tg.fake.calls.some((c) => c.method === 'getUpdates'));
    const poll = suite.tg.fake.calls.find((c) => c.method === 'getUpdates');
    expect(poll?.body['allowed_updates']).toContain('inline_query');

    const query = suite.tg.fake.inlineQuery(user(1801, 'zh-hk'), '我的包裹 RB000000014HK 同 EA000001006HK');
    const answer = await answerTo(query.inline_query.id);
    expect(answer).toMatchObject({ cache_time: 30, is_personal: true });
    const [first, second] = resultsOf(answer);
    expect(resultsOf(answer)).toHaveLength(2);
    expect(first).toMatchObject({ type: 'article', title: '香港郵政 RB000000014HK' });
    expect(String(first?.['description'])).toMatch(/^✅ 已送達 · /);
    expect(second?.['title']).toBe('香港郵政 EA000001006HK');
    expect(first?.['id']).not.toBe(second?.['id']);
    // The message to send is the full timeline (Telegram HTML), with a link back into Postie.
    expect(contentOf(first)).toMatchObject({ parse_mode: 'HTML' });
    expect(String(contentOf(first)['message_text'])).toContain('RB000000014HK');
    expect(String(contentOf(first)['message_text'])).toContain('已送達');
    expect(first?.['reply_markup']).toEqual({
      inline_keyboard: [
        [{ text: '📦 在 Postie 打開', url: 'https://t.me/PostieBot?start=track_RB000000014HK' }],
      ],
    });
  });

  it('answers a query without numbers with no results, and in English by default', async () => {
    await suite.start();
    const empty = suite.tg.fake.inlineQuery(user(1802), 'hello');
    expect(resultsOf(await answerTo(empty.inline_query.id))).toEqual([]);
    const english = suite.tg.fake.inlineQuery(user(1802, 'en'), 'RR000003007HK');
    const [result] = resultsOf(await answerTo(english.inline_query.id));
    expect(result?.['title']).toBe('Hongkong Post RR000003007HK');
  });

  describe('with a fair share of one lookup a minute', () => {
    let tight: BotRig;
    beforeAll(async () => {
      tight = await startBotRig({
        bot: {
          fairShare: {
            perUserPerMinute: 1,
            perUserPerDay: 500,
            perChatPerMinute: 60,
            perChatPerDay: 2000,
          },
        },
      });
    });
    afterAll(() => tight.close());

    it('spends the asker’s own share: the numbers beyond it are left out', async () => {
      await suite.start(tight.core);
      const asker = user(1803);
      const first = suite.tg.fake.inlineQuery(asker, 'RB000000014HK EA000001006HK');
      const answer = await answerTo(first.inline_query.id);
      expect(resultsOf(answer).map((r) => r['title'])).toEqual(['Hongkong Post RB000000014HK']);
      const again = suite.tg.fake.inlineQuery(asker, 'RR000003007HK');
      expect(resultsOf(await answerTo(again.inline_query.id))).toEqual([]);
      // Someone else still has theirs.
      const other = suite.tg.fake.inlineQuery(user(1804), 'RR000003007HK');
      expect(resultsOf(await answerTo(other.inline_query.id))).toHaveLength(1);
    });
  });
});
