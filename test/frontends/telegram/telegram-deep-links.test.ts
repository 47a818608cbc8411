import { describe, expect, it } from 'vitest';
import { buttonDataOf, pollingSuite } from './polling-suite.js';
import { privateChat, user } from './telegram-harness.js';

const suite = pollingSuite();

describe('Telegram deep links and sharing', () => {
  it('answers /start track_<number> (a t.me link) as /track, and subscribe_<number> as /subscribe', async () => {
    await suite.start();
    const chat = privateChat(1501);
    suite.tg.fake.userSays(chat, user(1501), '/start track_RB000000014HK');
    const [timeline] = await suite.messages(chat.id, 1);
    expect(timeline?.text).toContain('RB000000014HK');
    expect(timeline?.text).toContain('Delivered');

    suite.tg.fake.userSays(chat, user(1501), '/start subscribe_EA000001006HK');
    const all = await suite.messages(chat.id, 3);
    expect(all[1]?.text).toContain('Following EA000001006HK');
    expect(all[2]?.text).toContain('EA000001006HK');
  });

  it('reads a start parameter as hostile input: anything Postie never links to is the welcome', async () => {
    await suite.start();
    const chat = privateChat(1502);
    for (const parameter of ['track_', 'track_RB000000014HK<b>', 'forget_all', 'x'.repeat(65), 'track-RB1'])
      suite.tg.fake.userSays(chat, user(1502), `/start ${parameter}`);
    const answers = await suite.messages(chat.id, 5);
    expect(answers.map((m) => m.text.startsWith("Hi! I'm Postie"))).toEqual([true, true, true, true, true]);
  });

  it('Share under a timeline answers with the link that opens Postie on that parcel', async () => {
    await suite.start();
    const chat = privateChat(1503);
    suite.tg.fake.userSays(chat, user(1503), 'RB000000014HK');
    const [timeline] = await suite.messages(chat.id, 1);
    if (!timeline) throw new Error('no timeline');
    const share = buttonDataOf(/Share/, timeline.replyMarkup);
    expect(share).toBe('h:RB000000014HK');
    suite.tg.fake.press(timeline, user(1503), share);
    const [, answer] = await suite.messages(chat.id, 2);
    const link = 'https://t.me/PostieBot?start=track_RB000000014HK';
    expect(answer?.text).toContain(link);
    expect(answer?.html).toContain(`<a href="${link}">`);

    // The link, followed, sends `/start track_RB000000014HK`: the same timeline.
    suite.tg.fake.userSays(
      privateChat(1504),
      user(1504),
      `/start ${new URL(link).searchParams.get('start')}`,
    );
    const [opened] = await suite.messages(1504, 1);
    expect(opened?.text).toContain('RB000000014HK');
  });
});
