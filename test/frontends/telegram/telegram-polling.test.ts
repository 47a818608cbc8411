import { describe, expect, it } from 'vitest';
import { buttonDataOf, pollingSuite } from './polling-suite.js';
import { groupChat, privateChat, user } from './telegram-harness.js';

const suite = pollingSuite();
const { start, sendsTo } = suite;

describe('Telegram front-end, long polling', () => {
  it('starts: checks the token, publishes the menus in English and Chinese, removes any webhook, polls', async () => {
    await start();
    await suite.tg.fake.waitFor(() => suite.tg.fake.calls.some((c) => c.method === 'getUpdates'));
    const methods = suite.tg.fake.calls.map((c) => c.method);
    expect(methods.slice(0, 4)).toEqual(['getMe', 'setMyCommands', 'setMyCommands', 'deleteWebhook']);
    const english = suite.tg.fake.state.menus.get('') ?? [];
    expect(english.map((c) => c.command)).toEqual(suite.rig.core.commands.map((c) => c.name));
    expect(english.find((c) => c.command === 'track')?.description).toBe(
      suite.rig.core.renderer.describeCommand('track', 'en').description,
    );
    expect(suite.tg.fake.state.menus.get('zh')?.find((c) => c.command === 'track')?.description).toBe(
      suite.rig.core.renderer.describeCommand('track', 'zh-HK').description,
    );
    const poll = suite.tg.fake.calls.find((c) => c.method === 'getUpdates');
    expect(poll?.body['allowed_updates']).toEqual([
      'message',
      'channel_post',
      'callback_query',
      'inline_query',
    ]);
  });

  it('answers /track in a private chat with an HTML timeline and buttons, without link previews', async () => {
    await start();
    suite.tg.fake.userSays(privateChat(1001), user(1001), '/track RB000000014HK');
    const [answer] = await suite.tg.fake.waitFor(
      () => suite.tg.fake.messagesIn(1001).length >= 1 && suite.tg.fake.messagesIn(1001),
    );
    expect(answer?.text).toContain('RB000000014HK');
    expect(answer?.text).toContain('Delivered');
    expect(answer?.html).toMatch(/<b>[^<]*RB000000014HK/);
    const [call] = sendsTo(1001);
    expect(call?.body).toMatchObject({ parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
    expect(call?.body['reply_parameters']).toBeUndefined();
    const data = answer?.replyMarkup?.inline_keyboard
      .flat()
      .map((b) => ('callback_data' in b ? b.callback_data : ''));
    expect(data).toContain('r:RB000000014HK:hongkong-post');
  });
});

describe('Telegram front-end: conversations', () => {
  it('sets quiet hours with /quiet as typed, full-width digits and all, and says how to write them', async () => {
    await start();
    suite.tg.fake.userSays(privateChat(1003), user(1003), '/quiet ２２：００～０７：３０ urgent');
    suite.tg.fake.userSays(privateChat(1003), user(1003), '/quiet 25:00');
    const [set, refused] = await suite.tg.fake.waitFor(
      () => suite.tg.fake.messagesIn(1003).length >= 2 && suite.tg.fake.messagesIn(1003),
    );
    expect(set?.text).toContain('Done. Quiet hours are 22:00–07:30');
    expect(refused?.text).toContain('such as /quiet 22:00-07:30');
  });

  it('answers a pasted message with two numbers with two replies', async () => {
    await start();
    suite.tg.fake.userSays(
      privateChat(1002),
      user(1002),
      'Hi! My parcels are RB000000014HK and SF7444700499701, thanks',
    );
    const answers = await suite.tg.fake.waitFor(
      () => suite.tg.fake.messagesIn(1002).length >= 2 && suite.tg.fake.messagesIn(1002),
    );
    expect(answers.map((m) => m.text.match(/RB000000014HK|SF7444700499701/)?.[0]).sort()).toEqual([
      'RB000000014HK',
      'SF7444700499701',
    ]);
  });

  it('in a group answers only commands for it, mentions and replies to it', async () => {
    await start();
    const group = groupChat(-1002001);
    const bob = user(2001);
    suite.tg.fake.userSays(group, bob, 'RB000000014HK is mine');
    suite.tg.fake.userSays(group, bob, '/track@OtherBot RR000003007HK');
    const mention = suite.tg.fake.userSays(group, bob, '@PostieBot where is EA000001006HK?');
    // One chat's updates are handled in order: once the mention is answered, the others were seen.
    const [answer] = await suite.tg.fake.waitFor(
      () => suite.tg.fake.messagesIn(group.id).length >= 1 && suite.tg.fake.messagesIn(group.id),
    );
    expect(answer?.text).toContain('EA000001006HK');
    expect(sendsTo(group.id)[0]?.body['reply_parameters']).toEqual({
      message_id: 'message' in mention ? mention.message.message_id : -1,
      allow_sending_without_reply: true,
    });
    if (!answer) return;
    suite.tg.fake.userSays(group, bob, 'and RR000003007HK?', { replyTo: answer });
    suite.tg.fake.userSays(group, bob, '/track@postiebot CP000002001HK');
    const all = await suite.tg.fake.waitFor(
      () => suite.tg.fake.messagesIn(group.id).length >= 3 && suite.tg.fake.messagesIn(group.id),
    );
    expect(all.map((m) => m.text.match(/[A-Z]{2}\d{9}HK/)?.[0])).toEqual([
      'EA000001006HK',
      'RR000003007HK',
      'CP000002001HK',
    ]);
    expect(all.some((m) => m.text.includes('RB000000014HK'))).toBe(false);
  });

  it('answers in the language Telegram reports for the user', async () => {
    await start();
    suite.tg.fake.userSays(privateChat(1003), user(1003, 'zh-hk'), '/track RB000000014HK');
    const [answer] = await suite.tg.fake.waitFor(
      () => suite.tg.fake.messagesIn(1003).length >= 1 && suite.tg.fake.messagesIn(1003),
    );
    expect(answer?.text).toContain('香港郵政');
  });
});

describe('Telegram front-end: buttons', () => {
  it('Refresh edits the pressed message; Subscribe confirms; every press is answered', async () => {
    await start();
    const chat = privateChat(1101);
    suite.tg.fake.userSays(chat, user(1101), '/track EA000001006HK');
    const [timeline] = await suite.tg.fake.waitFor(
      () => suite.tg.fake.messagesIn(chat.id).length >= 1 && suite.tg.fake.messagesIn(chat.id),
    );
    if (!timeline) throw new Error('no timeline');
    expect(timeline.text).not.toContain('Delivered ·');

    suite.rig.clock.advance(3 * 24 * 3_600_000); // the parcel arrives and is delivered meanwhile
    const refresh = suite.tg.fake.press(timeline, user(1101), buttonDataOf(/Refresh/, timeline.replyMarkup));
    await suite.tg.fake.waitFor(() => timeline.edits >= 1);
    expect(timeline.text).toContain('EA000001006HK');
    expect(timeline.text).toMatch(/United Kingdom/);
    expect(suite.tg.fake.messagesIn(chat.id)).toHaveLength(1);
    const edit = suite.tg.fake.calls.find((c) => c.method === 'editMessageText');
    expect(edit?.body).toMatchObject({
      chat_id: chat.id,
      message_id: timeline.messageId,
      parse_mode: 'HTML',
    });
    expect(suite.tg.fake.state.answeredQueries).toContain(
      'callback_query' in refresh ? refresh.callback_query.id : '',
    );

    suite.tg.fake.press(timeline, user(1101), buttonDataOf(/Subscribe/, timeline.replyMarkup));
    const confirmation = await suite.tg.fake.waitFor(() =>
      suite.tg.fake.messagesIn(chat.id).find((m) => /Following EA000001006HK/.test(m.text)),
    );
    expect(confirmation.messageId).toBeGreaterThan(timeline.messageId);
    await suite.tg.fake.waitFor(() => suite.tg.fake.state.answeredQueries.length >= 2);
  });

  it('answers a press whose data Postie cannot read, and does nothing else', async () => {
    await start();
    const chat = privateChat(1102);
    suite.tg.fake.userSays(chat, user(1102), '/help');
    const [help] = await suite.tg.fake.waitFor(
      () => suite.tg.fake.messagesIn(chat.id).length >= 1 && suite.tg.fake.messagesIn(chat.id),
    );
    if (!help) throw new Error('no help');
    suite.tg.fake.press(help, user(1102), 'x:forged');
    await suite.tg.fake.waitFor(() => suite.tg.fake.state.answeredQueries.length >= 1);
    suite.tg.fake.userSays(chat, user(1102), '/start');
    await suite.tg.fake.waitFor(() => suite.tg.fake.messagesIn(chat.id).length >= 2);
    expect(suite.tg.fake.calls.filter((c) => c.method === 'editMessageText')).toHaveLength(0);
  });
});
