import type { Chat, User } from 'telegraf/types';
import { describe, expect, it } from 'vitest';
import type { ChatRef } from '../../../src/domain/chat.js';
import type { StoredMessage } from './fake-telegram-methods.js';
import { pollingSuite } from './polling-suite.js';
import { groupChat, privateChat, user } from './telegram-harness.js';

const suite = pollingSuite();
const { start } = suite;

const chatRef = (chat: Chat): ChatRef => ({
  platform: 'telegram',
  id: String(chat.id),
  kind: chat.type === 'private' ? 'private' : 'group',
});
const followed = async (chat: Chat) =>
  (await suite.rig.engine.subscriptions.list(chatRef(chat))).map((p) => p.subscription.number);
const localeOf = (chat: Chat) => suite.rig.core.localeOf(chatRef(chat), { id: 'someone' });

/** `from` writes `text` in `chat`; resolves with the `count` messages Postie answers with. */
async function say(chat: Chat, from: User, text: string, count = 1, options: { asGroup?: boolean } = {}) {
  const before = suite.tg.fake.messagesIn(chat.id).length;
  suite.tg.fake.userSays(chat, from, text, options);
  const all = await suite.tg.fake.waitFor(
    () => suite.tg.fake.messagesIn(chat.id).length >= before + count && suite.tg.fake.messagesIn(chat.id),
  );
  return all.slice(before);
}

/** `from` presses the button labelled `label` under `message` (or sends `data` of its own making). */
async function press(message: StoredMessage, from: User, button: { label?: RegExp; data?: string }) {
  const data = button.data ?? buttonsOf(message).find((b) => button.label?.test(b.text))?.data;
  if (data === undefined) throw new Error(`no button ${String(button.label)} under "${message.text}"`);
  const answered = suite.tg.fake.state.answeredQueries.length;
  const messages = suite.tg.fake.messagesIn(message.chatId).length;
  const edits = message.edits;
  suite.tg.fake.press(message, from, data);
  await suite.tg.fake.waitFor(() => suite.tg.fake.state.answeredQueries.length > answered);
  await suite.tg.fake.waitFor(
    () => message.edits > edits || suite.tg.fake.messagesIn(message.chatId).length > messages,
  );
  return suite.tg.fake.messagesIn(message.chatId).slice(messages);
}

const buttonsOf = (message: StoredMessage | undefined) =>
  (message?.replyMarkup?.inline_keyboard ?? [])
    .flat()
    .map((b) => ({ text: b.text, data: 'callback_data' in b ? b.callback_data : '' }));
const memberLookups = () => suite.tg.fake.calls.filter((c) => c.method === 'getChatMember');

/** A group with an administrator who follows `numbers`. */
async function groupFollowing(id: number, numbers: readonly string[], status = 'administrator') {
  const group = groupChat(id);
  const admin = user(-id + 1);
  suite.tg.fake.setMember(group.id, admin.id, status);
  for (const number of numbers) await say(group, admin, `/subscribe ${number}`, 2);
  expect(await followed(group)).toEqual(numbers);
  return { group, admin, member: user(-id + 2) };
}

describe('Telegram groups: only administrators delete, and only after confirming', () => {
  it('refuses a member who is no administrator, in the chat’s language, and deletes nothing', async () => {
    await start();
    const { group, admin, member } = await groupFollowing(-1003101, ['RB000000014HK'], 'creator');
    await say(group, admin, '/language zh-HK');
    const [refusal] = await say(group, member, '/forget');
    expect(refusal?.text).toBe('只有這個群組的管理員才可以這樣做。');
    expect(buttonsOf(refusal)).toEqual([]);
    const [again] = await say(group, member, '/unsubscribe all');
    expect(again?.text).toBe('只有這個群組的管理員才可以這樣做。');
    expect(await followed(group)).toEqual(['RB000000014HK']);
    expect(await localeOf(group)).toBe('zh-HK');
    expect(memberLookups().map((c) => c.body)).toContainEqual({ chat_id: group.id, user_id: member.id });
  });

  it('asks an administrator to confirm /forget, saying how many parcels go; Confirm deletes it all', async () => {
    await start();
    const { group, admin } = await groupFollowing(-1003201, ['RB000000014HK', 'EA000001006HK']);
    await say(group, admin, '/language zh-CN');
    const [question] = await say(group, admin, '/forget');
    if (!question) throw new Error('no question');
    expect(question.text).toContain('正在跟踪的 2 个包裹');
    expect(question.text).toContain('5分钟');
    expect(buttonsOf(question).map((b) => b.text)).toEqual(['🗑 全部删除', '取消']);
    expect(buttonsOf(question)[0]?.data).toMatch(/^c:forget:[0-9a-z]+$/);
    expect(await followed(group)).toHaveLength(2);

    const after = await press(question, admin, { label: /全部删除/ });
    expect(after).toEqual([]);
    expect(question.text).toContain('已删除本聊天的所有数据');
    expect(buttonsOf(question)).toEqual([]);
    expect(await followed(group)).toEqual([]);
    expect(await localeOf(group)).toBe('en');
  });

  it('takes Confirm only from an administrator: a member’s press is refused and leaves the question', async () => {
    await start();
    const { group, admin, member } = await groupFollowing(-1003301, ['RB000000014HK']);
    const [question] = await say(group, admin, '/unsubscribe all');
    if (!question) throw new Error('no question');
    expect(question.text).toBe(
      "Stop following the one parcel this chat follows? This can't be undone.\nThese buttons work for 5 minutes.",
    );
    const [refusal] = await press(question, member, { label: /Stop following all/ });
    expect(refusal?.text).toBe("Only this group's administrators can do that.");
    expect(question.edits).toBe(0);
    expect(await followed(group)).toEqual(['RB000000014HK']);

    await press(question, admin, { label: /Stop following all/ });
    expect(question.text).toBe('Stopped following every parcel (1).');
    expect(await followed(group)).toEqual([]);
  });

  it('deletes nothing on Cancel, nor on a Confirm pressed after it expired', async () => {
    await start();
    const { group, admin } = await groupFollowing(-1003401, ['RB000000014HK']);
    const [first] = await say(group, admin, '/forget');
    if (!first) throw new Error('no question');
    await press(first, admin, { label: /Cancel/ });
    expect(first.text).toBe("Cancelled. I've deleted nothing.");
    expect(buttonsOf(first)).toEqual([]);

    const [second] = await say(group, admin, '/unsubscribe all');
    if (!second) throw new Error('no question');
    suite.rig.clock.advance(5 * 60_000 + 1000);
    await press(second, admin, { label: /Stop following all/ });
    expect(second.text).toBe(
      "That confirmation has expired, so I've deleted nothing. Send /unsubscribe all again if you still want to.",
    );
    expect(await followed(group)).toEqual(['RB000000014HK']);
  });

  it('does nothing harmful on forged confirmations: a member is refused, an expiry too far off is expired', async () => {
    await start();
    const { group, admin, member } = await groupFollowing(-1003501, ['RB000000014HK']);
    const [, timeline] = suite.tg.fake.messagesIn(group.id);
    if (!timeline) throw new Error('no timeline');
    const soon = Math.floor((suite.rig.clock.now() + 60_000) / 1000).toString(36);
    const [refusal] = await press(timeline, member, { data: `c:forget:${soon}` });
    expect(refusal?.text).toBe("Only this group's administrators can do that.");
    await press(timeline, admin, { data: 'c:forget:zzzzzzzz' });
    expect(timeline.text).toContain('That confirmation has expired');
    expect(await followed(group)).toEqual(['RB000000014HK']);
  });

  it('counts an anonymous administrator, who posts as the group itself, without asking Telegram', async () => {
    await start();
    const { group, member } = await groupFollowing(-1003601, ['RB000000014HK']);
    const asked = memberLookups().length;
    const [question] = await say(group, member, '/forget', 1, { asGroup: true });
    expect(buttonsOf(question).map((b) => b.text)).toEqual(['🗑 Delete everything', 'Cancel']);
    expect(memberLookups()).toHaveLength(asked);
  });

  it('says so when Telegram cannot tell who administers the group, and deletes nothing', async () => {
    await start();
    const { group, member } = await groupFollowing(-1003701, ['RB000000014HK']);
    suite.tg.fake.failNext('getChatMember', { error_code: 500, description: 'Internal Server Error' });
    const [answer] = await say(group, member, '/forget');
    expect(answer?.text).toContain("I couldn't check just now whether you're an administrator");
    expect(await followed(group)).toEqual(['RB000000014HK']);
    expect(JSON.stringify(suite.logs)).not.toContain(String(member.id));
  });
});

describe('Telegram private chats: confirming too', () => {
  it('asks before /forget, without asking Telegram who administers the chat; Confirm deletes', async () => {
    await start();
    const chat = privateChat(3801);
    const alice = user(3801);
    await say(chat, alice, '/subscribe RB000000014HK', 2);
    const [question] = await say(chat, alice, '/forget');
    if (!question) throw new Error('no question');
    expect(question.text).toContain('the one parcel it follows');
    await press(question, alice, { label: /Delete everything/ });
    expect(question.text).toContain("I've deleted everything");
    expect(await followed(chat)).toEqual([]);
    expect(memberLookups()).toEqual([]);
  });
});

describe('Telegram groups: buttons that change what the chat follows', () => {
  it('an Unsubscribe button stops following only its own number: forged `u:all` unsubscribes nothing else', async () => {
    await start();
    const { group, member } = await groupFollowing(-1003001, ['RB000000014HK']);
    const [, timeline] = suite.tg.fake.messagesIn(group.id);
    if (!timeline) throw new Error('no timeline');
    const [answer] = await press(timeline, member, { data: 'u:all' });
    expect(answer?.text).toContain("doesn't follow ALL");
    expect(await followed(group)).toEqual(['RB000000014HK']);
  });
});
