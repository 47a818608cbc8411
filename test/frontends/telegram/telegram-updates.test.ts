import type { Update } from 'telegraf/types';
import { describe, expect, it } from 'vitest';
import { parseCommand, translateUpdate } from '../../../src/frontends/telegram/telegram-updates.js';

const BOT = { id: 42, username: 'PostieBot' };
const alice = { id: 7, is_bot: false, first_name: 'Alice', language_code: 'zh-hk' };
const privateChat = { id: 7, type: 'private', first_name: 'Alice' };
const group = { id: -100123, type: 'supergroup', title: 'Parcels' };

/** Wire JSON as Telegram sends it. */
const update = (fields: Record<string, unknown>): Update =>
  ({ update_id: 1, ...fields }) as unknown as Update;
const message = (fields: Record<string, unknown>) =>
  update({ message: { message_id: 10, date: 1, chat: privateChat, from: alice, ...fields } });

describe('Telegram updates → core', () => {
  it.each([
    ['/track RB000000014HK', { name: 'track', args: 'RB000000014HK' }],
    ['/track@PostieBot  RB000000014HK SF1', { name: 'track', args: 'RB000000014HK SF1' }],
    ['/TRACK@postiebot', { name: 'track', args: '' }],
    ['/start\nhello', { name: 'start', args: 'hello' }],
    ['/track@OtherBot RB000000014HK', 'other_bot'],
    ['RB000000014HK /track', undefined],
    ['/ track', undefined],
    ['/tracking-number', undefined],
  ])('reads %j as %j', (text, expected) => {
    expect(parseCommand(text, BOT.username)).toEqual(expected);
  });

  it('translates a private message with the user language', () => {
    expect(translateUpdate(message({ text: 'RB000000014HK' }), BOT)).toEqual({
      kind: 'message',
      message: {
        chat: { platform: 'telegram', id: '7', kind: 'private' },
        user: { id: '7', languageCode: 'zh-hk' },
        text: 'RB000000014HK',
        addressedToBot: false,
      },
      target: { chatId: 7 },
    });
  });

  it('sees mentions, text mentions and replies to the bot in groups, and answers in the topic', () => {
    const inGroup = (fields: Record<string, unknown>) =>
      translateUpdate(message({ chat: group, ...fields }), BOT);
    const mention = inGroup({
      text: 'hi @postiebot RB1',
      entities: [{ type: 'mention', offset: 3, length: 10 }],
    });
    expect(mention).toMatchObject({
      message: { addressedToBot: true },
      target: { chatId: -100123, replyTo: 10 },
    });
    const textMention = inGroup({
      text: 'Postie RB1',
      entities: [{ type: 'text_mention', offset: 0, length: 6, user: { id: 42 } }],
    });
    expect(textMention).toMatchObject({ message: { addressedToBot: true } });
    const other = inGroup({ text: 'hi @someone', entities: [{ type: 'mention', offset: 3, length: 8 }] });
    expect(other).toMatchObject({ message: { addressedToBot: false } });
    const reply = inGroup({
      text: 'and this?',
      reply_to_message: { message_id: 3, date: 1, chat: group, from: { id: 42, is_bot: true } },
    });
    expect(reply).toMatchObject({ message: { addressedToBot: true } });
    const topic = inGroup({
      text: 'RB1',
      is_topic_message: true,
      message_thread_id: 5,
      reply_to_message: {
        message_id: 5,
        date: 1,
        chat: group,
        from: { id: 42 },
        forum_topic_created: { name: 'x' },
      },
    });
    expect(topic).toMatchObject({
      message: { addressedToBot: false },
      target: { chatId: -100123, threadId: 5, replyTo: 10 },
    });
  });

  it('reads captions, and ignores channels, bots, service messages, edits and commands for other bots', () => {
    expect(translateUpdate(message({ caption: 'RB000000014HK', photo: [] }), BOT)).toMatchObject({
      kind: 'message',
    });
    expect(
      translateUpdate(message({ chat: { id: -1, type: 'channel', title: 'c' }, text: 'x' }), BOT),
    ).toBeUndefined();
    expect(
      translateUpdate(message({ from: { id: 9, is_bot: true, first_name: 'b' }, text: 'x' }), BOT),
    ).toBeUndefined();
    expect(translateUpdate(message({ new_chat_members: [alice] }), BOT)).toBeUndefined();
    expect(translateUpdate(message({ text: '   ' }), BOT)).toBeUndefined();
    expect(translateUpdate(message({ text: '/help@OtherBot' }), BOT)).toBeUndefined();
    expect(
      translateUpdate(
        update({ edited_message: { message_id: 1, date: 1, chat: privateChat, text: 'x' } }),
        BOT,
      ),
    ).toBeUndefined();
  });

  it('asks who administers a group only in groups: a member by getChatMember, an anonymous administrator not at all', async () => {
    const asked: [number, number][] = [];
    const admins = async (chatId: number, userId: number) => {
      asked.push([chatId, userId]);
      return userId === 7;
    };
    const isAdminOf = (work: ReturnType<typeof translateUpdate>) =>
      typeof work === 'object' && work.kind === 'message' ? work.message.isAdmin : undefined;
    expect(isAdminOf(translateUpdate(message({ text: '/forget' }), BOT, admins))).toBeUndefined();
    expect(await isAdminOf(translateUpdate(message({ chat: group, text: '/forget' }), BOT, admins))?.()).toBe(
      true,
    );
    expect(asked).toEqual([[-100123, 7]]);
    const anonymous = { id: 1_087_968_824, is_bot: true, first_name: 'Group', username: 'GroupAnonymousBot' };
    const asGroup = translateUpdate(
      message({ chat: group, from: anonymous, sender_chat: group, text: '/forget' }),
      BOT,
      admins,
    );
    expect(asGroup).toMatchObject({ kind: 'message', message: { command: { name: 'forget' } } });
    expect(await isAdminOf(asGroup)?.()).toBe(true);
    const channel = { id: -100999, type: 'channel', title: 'News' };
    const asChannel = translateUpdate(
      message({
        chat: group,
        from: { id: 777000, is_bot: false, first_name: 'Telegram' },
        sender_chat: channel,
        text: '/forget',
      }),
      BOT,
      admins,
    );
    expect(await isAdminOf(asChannel)?.()).toBe(false);
    expect(
      translateUpdate(
        message({ chat: group, from: anonymous, sender_chat: channel, text: 'x' }),
        BOT,
        admins,
      ),
    ).toBeUndefined();
    expect(asked).toHaveLength(1);
    expect(await isAdminOf(translateUpdate(message({ chat: group, text: '/forget' }), BOT))?.()).toBe(false);
  });

  it('translates a button press, and keeps only the query id when its data is unknown', () => {
    const press = (data: string, extra: Record<string, unknown> = {}) =>
      translateUpdate(
        update({
          callback_query: {
            id: 'q1',
            from: alice,
            chat_instance: 'c',
            data,
            message: { message_id: 33, date: 1, chat: privateChat, text: 'x' },
            ...extra,
          },
        }),
        BOT,
      );
    expect(press('r:RB000000014HK:hongkong-post')).toEqual({
      kind: 'action',
      queryId: 'q1',
      action: {
        chat: { platform: 'telegram', id: '7', kind: 'private' },
        user: { id: '7', languageCode: 'zh-hk' },
        action: { kind: 'refresh', number: 'RB000000014HK', carrier: 'hongkong-post' },
        deepLink: expect.any(Function),
      },
      target: { chatId: 7 },
      pressedMessageId: 33,
    });
    expect(press('zz:forged')).toEqual({ kind: 'action', queryId: 'q1' });
    expect(press('r:RB000000014HK', { message: undefined, inline_message_id: 'im' })).toEqual({
      kind: 'action',
      queryId: 'q1',
    });
  });

  it('calls an update unreadable when the fields Postie reads are not as the Bot API documents them', () => {
    const query = (fields: Record<string, unknown>) =>
      update({ callback_query: { id: 'q1', from: alice, chat_instance: 'c', data: 'r:RB1', ...fields } });
    for (const odd of [
      message({ chat: null, text: 'x' }),
      message({ chat: { id: '7', type: 'private' }, text: 'x' }),
      message({ text: 42 }),
      message({ text: 'hi', entities: [{ type: 'mention', offset: -1, length: 3 }] }),
      message({ text: 'hi', entities: 'bold' }),
      message({ text: 'hi', from: { ...alice, language_code: 7 } }),
      message({ text: 'hi', reply_to_message: 12 }),
      query({ data: 5 }),
      query({ from: null }),
      query({ message: { message_id: 1, chat: [] } }),
      update({ message: 'hello' }),
      { update_id: 'one', message: {} },
      null,
      [],
    ]) {
      expect(translateUpdate(odd, BOT)).toBe('unreadable');
    }
  });
});
