import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { block, span } from '../../src/domain/reply.js';
import { createManualClock } from '../../src/time/manual-clock.js';
import {
  privateChat,
  type RunningTelegram,
  startTelegram,
  user,
} from '../frontends/telegram/telegram-harness.js';
import { type BotRig, startBotRig } from '../helpers/bot-rig.js';
import { captureLogger } from '../helpers/capture-logger.js';

/**
 * Fault: Telegram stops answering. Every Bot API call has a deadline (measured on a manual clock here),
 * so a sendMessage that never answers fails when it passes, the chat's later messages are answered, and
 * the front-end stops.
 */
let rig: BotRig;
let tg: RunningTelegram | undefined;
beforeAll(async () => {
  rig = await startBotRig();
});
afterAll(() => rig.close());
afterEach(async () => {
  await tg?.close();
  tg = undefined;
});

const TIMEOUT_MS = 10_000;

describe('fault: a Bot API call that never answers', () => {
  it('fails the reply when its deadline passes, and the chat goes on being answered', async () => {
    const deadlines = createManualClock(Date.now());
    const { logger } = captureLogger('debug');
    tg = await startTelegram({ core: rig.core, logger, deadlineClock: deadlines, callTimeoutMs: TIMEOUT_MS });
    const { fake } = tg;
    fake.hangNext('sendMessage');
    fake.userSays(privateChat(1301), user(1301), '/help');
    await fake.waitFor(() => fake.hanging === 1);
    await deadlines.advance(TIMEOUT_MS - 1);
    expect(fake.messagesIn(1301)).toHaveLength(0);
    await deadlines.advance(1);
    // The failed reply is reported to the user as a failure, like any refused send.
    const [sorry] = await fake.waitFor(() => fake.messagesIn(1301).length >= 1 && fake.messagesIn(1301));
    expect(sorry?.text).toBe(rig.core.renderer.t('en', 'messages.error'));

    fake.userSays(privateChat(1301), user(1301), '/start');
    await fake.waitFor(() => fake.messagesIn(1301).length >= 2);
  });

  it('gives a long poll its own wait plus the deadline, then polls again', async () => {
    const deadlines = createManualClock(Date.now());
    const { logger } = captureLogger('debug');
    tg = await startTelegram({ core: rig.core, logger, deadlineClock: deadlines, callTimeoutMs: TIMEOUT_MS });
    const { fake } = tg;
    const polls = () => fake.calls.filter((c) => c.method === 'getUpdates').length;
    await fake.waitFor(() => polls() >= 1);
    fake.hangNext('getUpdates');
    // The poll under way answers when an update comes; the next one hangs.
    fake.userSays(privateChat(1302), user(1302), '/help');
    await fake.waitFor(() => fake.hanging === 1);
    // The reply's own call must be answered before the deadline clock moves, or it times out too.
    await fake.waitFor(() => fake.messagesIn(1302).length >= 1);
    const hungPoll = fake.calls.filter((c) => c.method === 'getUpdates').at(-1);
    const waitS = Number(hungPoll?.body['timeout']);
    expect(waitS).toBeGreaterThan(0);
    await deadlines.advance(waitS * 1000 + TIMEOUT_MS - 1);
    expect(fake.hanging).toBe(1);
    const before = polls();
    await deadlines.advance(1);
    // Given up on: a failed poll waits its back-off, then polls again and gets the next update.
    await deadlines.advance(60_000);
    await fake.waitFor(() => polls() > before);
    fake.userSays(privateChat(1302), user(1302), '/start');
    await fake.waitFor(() => fake.messagesIn(1302).length >= 2);
  });

  it('fails a notification whose send never answers, so the notifier can try it again later', async () => {
    const deadlines = createManualClock(Date.now());
    const { logger } = captureLogger('debug');
    tg = await startTelegram({ core: rig.core, logger, deadlineClock: deadlines, callTimeoutMs: TIMEOUT_MS });
    const { fake, frontend } = tg;
    const channel = frontend.notifications;
    if (!channel) throw new Error('no notifications');
    const chat = { platform: 'telegram', id: '1303', kind: 'private' } as const;
    fake.state.chats.set(1303, privateChat(1303));
    const news = { blocks: [block('heading', span('Hongkong Post RB000000014HK'))], buttons: [] };
    fake.hangNext('sendMessage');
    const hung = channel.deliver(chat, news, 'n1').then(
      () => 'settled',
      (error: unknown) => error,
    );
    await fake.waitFor(() => fake.hanging === 1);
    await deadlines.advance(TIMEOUT_MS);
    expect(String(await hung)).toContain(`no answer within ${TIMEOUT_MS} ms`);
    // Telegram answers again: the next notification goes out (to another chat: this one's 1/s pacing
    // counts the send that hung).
    fake.state.chats.set(1304, privateChat(1304));
    expect(await channel.deliver({ ...chat, id: '1304' }, news, 'n2')).toBe('sent');
    expect(fake.messagesIn(1304)).toHaveLength(1);
  });
});
