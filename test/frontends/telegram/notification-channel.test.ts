import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRef } from '../../../src/domain/chat.js';
import type { NotificationChannel } from '../../../src/domain/notification-channel.js';
import { block, type Reply } from '../../../src/domain/reply.js';
import type { TelegramSendLimits } from '../../../src/frontends/telegram/send-limits.js';
import { TelegramCallError } from '../../../src/frontends/telegram/telegram-errors.js';
import { type Clock, systemClock } from '../../../src/time/clock.js';
import { type BotRig, startBotRig } from '../../helpers/bot-rig.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { groupChat, privateChat, type RunningTelegram, startTelegram } from './telegram-harness.js';

/**
 * The Telegram front-end's notification channel against the fake Bot API holding it to send limits.
 * The fake measures real time, so the limiter runs on real (monotonic) time too; both use Telegram's
 * windows twenty times shorter, so a burst to hundreds of chats takes a moment, not minutes.
 */
const SHORT: TelegramSendLimits = {
  overall: { limit: 30, windowMs: 50 },
  perChat: { limit: 1, windowMs: 50 },
  perGroup: { limit: 20, windowMs: 3000 },
};
const monotonic: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  sleep: systemClock.sleep,
};

let rig: BotRig;
let tg: RunningTelegram;
beforeAll(async () => {
  rig = await startBotRig();
});
afterAll(() => rig?.close());
afterEach(async () => {
  await tg?.close();
  expect(tg?.fake.problems ?? []).toEqual([]);
});

async function start(): Promise<NotificationChannel> {
  tg = await startTelegram({
    core: rig.core,
    logger: captureLogger('debug').logger,
    clock: monotonic,
    sendLimits: SHORT,
    fakeLimits: SHORT,
  });
  if (!tg.frontend.notifications) throw new Error('the Telegram front-end offers no notifications');
  return tg.frontend.notifications;
}

const news = (text: string): Reply => ({ blocks: [block('line', text)] });
const to = (id: number, kind: ChatRef['kind'] = id < 0 ? 'group' : 'private'): ChatRef => ({
  platform: 'telegram',
  id: String(id),
  kind,
});

describe('Telegram notifications', () => {
  it('reaches 200 chats, groups among them, in a burst without a single 429', async () => {
    const channel = await start();
    expect(channel.platform).toBe('telegram');
    const people = Array.from({ length: 160 }, (_, i) => 5001 + i);
    const groups = Array.from({ length: 40 }, (_, i) => -1_001_000_000_001 - i);
    for (const id of people) tg.fake.state.chats.set(id, privateChat(id));
    for (const id of groups) tg.fake.state.chats.set(id, groupChat(id));
    const busyGroup = groups[0] as number;
    const busyPerson = people[0] as number;
    const sends = [
      ...[...people, ...groups].map((id) => channel.deliver(to(id), news(`parcel moved ${id}`), `n.${id}`)),
      // One group gets more than its window allows, one person several in a row.
      ...Array.from({ length: 21 }, (_, i) => channel.deliver(to(busyGroup), news(`group ${i}`), `g.${i}`)),
      ...Array.from({ length: 3 }, (_, i) => channel.deliver(to(busyPerson), news(`person ${i}`), `p.${i}`)),
    ];
    expect(new Set(await Promise.all(sends))).toEqual(new Set(['sent']));
    expect(tg.fake.tooManyRequests).toBe(0);
    for (const id of [...people, ...groups])
      expect(tg.fake.messagesIn(id)[0]?.text).toBe(`parcel moved ${id}`);
    expect(tg.fake.messagesIn(busyGroup).map((m) => m.text)).toEqual([
      `parcel moved ${busyGroup}`,
      ...Array.from({ length: 21 }, (_, i) => `group ${i}`),
    ]);
    expect(tg.fake.messagesIn(busyPerson)).toHaveLength(4);
  });

  it('reports a chat that blocked the bot as unreachable, and stops writing to it', async () => {
    const channel = await start();
    const chat = privateChat(6001);
    tg.fake.state.chats.set(chat.id, chat);
    tg.fake.state.blocked.add(chat.id);
    expect(await channel.deliver(to(chat.id), news('delivered'), 'k.1')).toBe('unreachable');
    expect(await channel.deliver(to(chat.id), news('delivered again'), 'k.2')).toBe('unreachable');
    expect(tg.fake.calls.filter((c) => c.method === 'sendMessage')).toHaveLength(1);
  });

  it('obeys a 429 that still comes (retry_after), and the message arrives once', async () => {
    const channel = await start();
    tg.fake.state.chats.set(6002, privateChat(6002));
    tg.fake.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    expect(await channel.deliver(to(6002), news('out for delivery'), 'k.3')).toBe('sent');
    expect(tg.sleeps).toContain(1000);
    expect(tg.fake.tooManyRequests).toBe(1);
    expect(tg.fake.messagesIn(6002).map((m) => m.text)).toEqual(['out for delivery']);
  });

  it('rejects any other failure, to be tried again later', async () => {
    const channel = await start();
    tg.fake.state.chats.set(6003, privateChat(6003));
    tg.fake.failNext('sendMessage', { error_code: 500, description: 'Internal Server Error' });
    await expect(channel.deliver(to(6003), news('in transit'), 'k.4')).rejects.toBeInstanceOf(
      TelegramCallError,
    );
    await expect(channel.deliver({ ...to(6003), platform: 'discord' }, news('x'), 'k.5')).rejects.toThrow(
      'not a Telegram chat',
    );
  });
});
