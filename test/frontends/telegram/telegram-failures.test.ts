import { describe, expect, it } from 'vitest';
import type { BotCore } from '../../../src/core/bot-core.js';
import { pollingSuite } from './polling-suite.js';
import { privateChat, user } from './telegram-harness.js';

const suite = pollingSuite();
const { start, sendsTo } = suite;

describe('Telegram front-end: failures', () => {
  it('waits out a 429 as long as retry_after says, then delivers', async () => {
    await start();
    suite.tg.fake.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 3',
      parameters: { retry_after: 3 },
    });
    suite.tg.fake.userSays(privateChat(1201), user(1201), '/help');
    await suite.tg.fake.waitFor(() => suite.tg.fake.messagesIn(1201).length >= 1);
    expect(suite.tg.sleeps).toEqual([3000]);
    expect(sendsTo(1201)).toHaveLength(2);
    expect(sendsTo(1201)[1]?.body['text']).toBe(sendsTo(1201)[0]?.body['text']);
    expect(suite.logs).toContainEqual(
      expect.objectContaining({ level: 40, retryAfterMs: 3000, method: 'sendMessage' }),
    );
  });

  it('handles a user who blocked the bot quietly: one try, an info line, later updates still handled', async () => {
    await start();
    const chat = privateChat(1202);
    suite.tg.fake.state.chats.set(chat.id, chat);
    suite.tg.fake.state.blocked.add(chat.id);
    suite.tg.fake.userSays(chat, user(1202), 'RB000000014HK EA000001006HK');
    suite.tg.fake.userSays(privateChat(1203), user(1203), '/help');
    await suite.tg.fake.waitFor(() => suite.tg.fake.messagesIn(1203).length >= 1);
    await suite.tg.fake.waitFor(() =>
      suite.logs.some((l) => l['msg'] === 'Telegram chat unreachable, not sending'),
    );
    expect(sendsTo(chat.id)).toHaveLength(1);
    const unreachable = suite.logs.filter((l) => l['msg'] === 'Telegram chat unreachable, not sending');
    expect(unreachable).toEqual([expect.objectContaining({ level: 30, chat: chat.id })]);

    suite.tg.fake.state.blocked.delete(chat.id); // unblocked, and writes again
    suite.tg.fake.userSays(chat, user(1202), '/help');
    await suite.tg.fake.waitFor(() => suite.tg.fake.messagesIn(chat.id).length >= 1);
  });

  it('keeps going when handling an update throws (the error boundary logs it without the text)', async () => {
    const core: BotCore = {
      ...suite.rig.core,
      handleMessage: (message, respond) =>
        message.text.includes('boom')
          ? Promise.reject(new Error('kaboom'))
          : suite.rig.core.handleMessage(message, respond),
    };
    await start(core);
    suite.tg.fake.userSays(privateChat(1204), user(1204), 'boom secret-text');
    suite.tg.fake.userSays(privateChat(1204), user(1204), '/help');
    await suite.tg.fake.waitFor(() => suite.tg.fake.messagesIn(1204).length >= 1);
    expect(suite.logs).toContainEqual(
      expect.objectContaining({
        level: 50,
        msg: 'a Telegram update failed',
        kind: 'message',
        error: { type: 'Error', message: 'kaboom' },
      }),
    );
    expect(JSON.stringify(suite.logs)).not.toContain('secret-text');
  });

  it('tells the user something went wrong when Telegram refuses a reply, without details', async () => {
    await start();
    suite.tg.fake.failNext('sendMessage', {
      error_code: 400,
      description: 'Bad Request: something unexpected',
    });
    suite.tg.fake.userSays(privateChat(1205), user(1205), '/help');
    const [answer] = await suite.tg.fake.waitFor(
      () => suite.tg.fake.messagesIn(1205).length >= 1 && suite.tg.fake.messagesIn(1205),
    );
    expect(answer?.text).toBe(suite.rig.core.renderer.t('en', 'messages.error'));
  });
});
