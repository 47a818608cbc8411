import { describe, expect, it } from 'vitest';
import type { ChatRef } from '../../../src/core/incoming.js';
import { pollingSuite } from './polling-suite.js';
import { groupChat, user } from './telegram-harness.js';

const suite = pollingSuite();
const { start } = suite;

const chatRef = (id: number): ChatRef => ({ platform: 'telegram', id: String(id), kind: 'group' });
const followed = async (id: number) =>
  (await suite.rig.engine.subscriptions.list(chatRef(id))).map((p) => p.subscription.number);

/** Waits until the chat holds `count` messages, and returns them. */
const messages = (chatId: number, count: number) =>
  suite.tg.fake.waitFor(
    () => suite.tg.fake.messagesIn(chatId).length >= count && suite.tg.fake.messagesIn(chatId),
  );

describe('Telegram groups: buttons that change what the chat follows', () => {
  it('an Unsubscribe button stops following only its own number: forged `u:all` unsubscribes nothing else', async () => {
    await start();
    const group = groupChat(-1003001);
    const member = user(3002);
    suite.tg.fake.userSays(group, user(3001), '/subscribe RB000000014HK');
    const [, timeline] = await messages(group.id, 2);
    if (!timeline) throw new Error('no timeline');
    suite.tg.fake.press(timeline, member, 'u:all');
    const [answer] = (await messages(group.id, 3)).slice(2);
    expect(answer?.text).toContain("doesn't follow ALL");
    expect(await followed(group.id)).toEqual(['RB000000014HK']);
  });
});
