import { Telegram } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBotApi } from '../../../src/frontends/telegram/bot-api.js';
import { type ChatAdmins, createChatAdmins } from '../../../src/frontends/telegram/chat-admins.js';
import { systemClock } from '../../../src/time/clock.js';
import { createManualClock, type ManualClock } from '../../../src/time/manual-clock.js';
import { type FakeTelegram, startFakeTelegram } from './fake-telegram.js';
import { groupChat, TOKEN, user } from './telegram-harness.js';

/** getChatMember through telegraf's client and our deadline, against the fake Bot API; the cache on a manual clock. */
let fake: FakeTelegram;
let clock: ManualClock;
let admins: ChatAdmins;
const group = groupChat(-1004001);
const lookups = () => fake.calls.filter((c) => c.method === 'getChatMember').length;

beforeEach(async () => {
  fake = await startFakeTelegram({ token: TOKEN });
  fake.state.chats.set(group.id, group);
  clock = createManualClock();
  const callApi = createBotApi({
    telegram: new Telegram(TOKEN, { apiRoot: fake.apiRoot }),
    clock: systemClock,
    timeoutMs: 5000,
    halt: new AbortController().signal,
  });
  admins = createChatAdmins({ callApi, clock, ttlMs: 10_000 });
});
afterEach(() => fake.close());

describe('who administers a Telegram group', () => {
  it.each([
    ['creator', true],
    ['administrator', true],
    ['member', false],
    ['restricted', false],
    ['left', false],
    ['kicked', false],
    ['owner', false],
  ])('reads status %s as %s', async (status, admin) => {
    fake.setMember(group.id, 5001, status);
    expect(await admins(group.id, 5001)).toBe(admin);
    expect(fake.calls.find((c) => c.method === 'getChatMember')?.body).toEqual({
      chat_id: group.id,
      user_id: 5001,
    });
  });

  it('keeps an answer briefly: a demoted administrator counts as a member once it is out of date', async () => {
    fake.setMember(group.id, 5002, 'administrator');
    const [first, second] = await Promise.all([admins(group.id, 5002), admins(group.id, 5002)]);
    expect([first, second, await admins(group.id, 5002)]).toEqual([true, true, true]);
    expect(lookups()).toBe(1);
    fake.setMember(group.id, 5002, 'member');
    await clock.advance(9_999);
    expect(await admins(group.id, 5002)).toBe(true);
    await clock.advance(1);
    expect(await admins(group.id, 5002)).toBe(false);
    expect(lookups()).toBe(2);
    expect(await admins(group.id, user(5003).id)).toBe(false);
    expect(lookups()).toBe(3);
  });

  it('rejects without the request when Telegram cannot tell, and asks afresh next time', async () => {
    fake.failNext('getChatMember', { error_code: 400, description: 'Bad Request: chat not found' });
    const error = await admins(group.id, 5004).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toMatchObject({ name: 'TelegramCallError', method: 'getChatMember', code: 400 });
    expect(String(error)).not.toContain(TOKEN);
    fake.setMember(group.id, 5004, 'creator');
    expect(await admins(group.id, 5004)).toBe(true);
  });
});
