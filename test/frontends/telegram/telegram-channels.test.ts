import { describe, expect, it } from 'vitest';
import { block } from '../../../src/domain/reply.js';
import { buttonDataOf, pollingSuite } from './polling-suite.js';
import { channelChat, user } from './telegram-harness.js';

const suite = pollingSuite();

/**
 * Posts `/help` in the channel and resolves with the channel's messages once it is answered: a channel's
 * updates are handled in order, so whatever the posts before it were going to send has been sent.
 */
const afterEverythingBefore = async (channel: ReturnType<typeof channelChat>) => {
  const before = suite.tg.fake.messagesIn(channel.id).length;
  suite.tg.fake.channelPost(channel, '/help');
  await suite.tg.fake.waitFor(() =>
    suite.tg.fake
      .messagesIn(channel.id)
      .slice(before)
      .some((m) => m.text.includes('/track')),
  );
  return suite.tg.fake.messagesIn(channel.id).slice(0, -1);
};

describe('Telegram channels', () => {
  it('asks for channel posts, and /subscribe in a channel follows the parcel for the channel, answered there', async () => {
    await suite.start();
    await suite.tg.fake.waitFor(() => suite.tg.fake.calls.some((c) => c.method === 'getUpdates'));
    const poll = suite.tg.fake.calls.find((c) => c.method === 'getUpdates');
    expect(poll?.body['allowed_updates']).toContain('channel_post');

    const channel = channelChat(-1001700);
    const post = suite.tg.fake.channelPost(channel, '/subscribe RB000000014HK');
    const [following, timeline] = await suite.messages(channel.id, 2);
    expect(following?.text).toContain('Following RB000000014HK');
    expect(timeline?.text).toContain('Delivered');
    const send = suite.sendsTo(channel.id)[0];
    expect(send?.body['reply_parameters']).toEqual({
      message_id: 'channel_post' in post ? post.channel_post.message_id : -1,
      allow_sending_without_reply: true,
    });
    const followed = await suite.rig.subscriptionStore.list({
      platform: 'telegram',
      id: String(channel.id),
      kind: 'group',
    });
    expect(followed.map((p) => p.subscription.number)).toEqual(['RB000000014HK']);

    // Its notifications are posted in the channel.
    const delivered = await suite.tg.frontend.notifications?.deliver(
      { platform: 'telegram', id: String(channel.id), kind: 'group' },
      { blocks: [block('line', 'RB000000014HK: news')] },
      'news-1',
    );
    expect(delivered).toBe('sent');
    expect(suite.tg.fake.messagesIn(channel.id).at(-1)?.text).toBe('RB000000014HK: news');
  });

  it('answers only commands and mentions in a channel, never every post with a number', async () => {
    await suite.start();
    const channel = channelChat(-1001701);
    suite.tg.fake.channelPost(channel, 'New stock shipped today: RR000003007HK');
    suite.tg.fake.channelPost(channel, '@PostieBot where is EA000001006HK?');
    const [answer] = await suite.messages(channel.id, 1);
    expect(await afterEverythingBefore(channel)).toHaveLength(1);
    expect(answer?.text).toContain('EA000001006HK');
  });

  it('lets only the channel’s administrators press its buttons: a reader’s press changes nothing', async () => {
    await suite.start();
    const channel = channelChat(-1001702);
    suite.tg.fake.channelPost(channel, '/track RB000000014HK');
    const [timeline] = await suite.messages(channel.id, 1);
    if (!timeline) throw new Error('no timeline');
    const subscribe = buttonDataOf(/Subscribe/, timeline.replyMarkup);

    const reader = user(1702);
    const press = suite.tg.fake.press(timeline, reader, subscribe);
    await suite.tg.fake.waitFor(() =>
      suite.tg.fake.state.answeredQueries.includes('callback_query' in press ? press.callback_query.id : ''),
    );
    expect(await afterEverythingBefore(channel)).toHaveLength(1);
    expect(timeline.edits).toBe(0);

    const admin = user(1703);
    suite.tg.fake.setMember(channel.id, admin.id, 'administrator');
    suite.tg.fake.press(timeline, admin, subscribe);
    const [, , following] = await suite.messages(channel.id, 3);
    expect(following?.text).toContain('Following RB000000014HK');
  });
});
