import { afterEach, describe, expect, it } from 'vitest';
import { type FakeTelegram, startFakeTelegram } from './fake-telegram.js';
import { groupChat, privateChat, TOKEN } from './telegram-harness.js';

/**
 * The fake's limits mode is what the notification tests trust to catch a bot sending too fast, so it is
 * checked on its own: windows of a minute, so every call here lands inside them whatever the machine does.
 */
let fake: FakeTelegram | undefined;
afterEach(() => fake?.close());

async function sendMessage(to: FakeTelegram, chatId: number) {
  const response = await fetch(`${to.apiRoot}/bot${TOKEN}/sendMessage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ chat_id: chatId, text: 'hello' }),
  });
  const body = (await response.json()) as { ok: boolean; parameters?: { retry_after?: number } };
  return body.ok ? 'ok' : `${response.status} retry_after=${body.parameters?.retry_after}`;
}

describe('fake Telegram with limits', () => {
  it('answers 429 with retry_after over the per-chat, per-group and overall windows, and counts them', async () => {
    fake = await startFakeTelegram({
      token: TOKEN,
      limits: {
        overall: { limit: 6, windowMs: 60_000 },
        perChat: { limit: 2, windowMs: 60_000 },
        perGroup: { limit: 1, windowMs: 60_000 },
      },
    });
    for (const id of [1, 2, 3, 4, 5]) fake.state.chats.set(id, privateChat(id));
    fake.state.chats.set(-5, groupChat(-5));
    const answers: string[] = [];
    for (const id of [1, 1, 1, -5, -5, 2, 3, 4, 5]) answers.push(await sendMessage(fake, id));
    expect(answers).toEqual([
      'ok',
      'ok',
      '429 retry_after=60', // a third message to chat 1
      'ok',
      '429 retry_after=60', // a second to the group
      'ok',
      'ok',
      'ok',
      '429 retry_after=60', // a seventh overall
    ]);
    expect(fake.tooManyRequests).toBe(3);
    expect(fake.messagesIn(1)).toHaveLength(2);
  });

  it('enforces nothing unless asked', async () => {
    fake = await startFakeTelegram({ token: TOKEN });
    fake.state.chats.set(1, privateChat(1));
    for (let i = 0; i < 5; i++) expect(await sendMessage(fake, 1)).toBe('ok');
    expect(fake.tooManyRequests).toBe(0);
  });
});
