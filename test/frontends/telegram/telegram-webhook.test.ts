import type { Update } from 'telegraf/types';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { webhookSecret } from '../../../src/frontends/telegram/webhook.js';
import { type BotRig, startBotRig } from '../../helpers/bot-rig.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { privateChat, type RunningTelegram, startTelegram, TOKEN, user } from './telegram-harness.js';

let rig: BotRig;
let tg: RunningTelegram | undefined;

beforeAll(async () => {
  rig = await startBotRig();
});
afterAll(() => rig.close());
afterEach(async () => {
  await tg?.close();
  expect(tg?.fake.problems).toEqual([]);
  tg = undefined;
});

const SECRET = 'right-secret_0123456789';

/** The update as Telegram would POST it to the URL given to setWebhook (mapped onto our listener). */
async function deliver(running: RunningTelegram, update: Update, secret?: string): Promise<number> {
  const path = new URL(running.fake.state.webhook?.url ?? 'https://unset.invalid/').pathname.replace(
    /^\/hooks/,
    '',
  );
  const response = await fetch(`${running.localUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}),
    },
    body: JSON.stringify(update),
  });
  await response.text();
  return response.status;
}

/** A user's message, made by the fake like any other update but delivered by webhook instead of polling. */
function message(running: RunningTelegram, chatId: number, text: string): Update {
  return running.fake.userSays(privateChat(chatId), user(chatId), text);
}

describe('Telegram front-end, webhook mode', () => {
  it('sets the webhook with its secret on a path that is not the token, and never polls', async () => {
    tg = await startTelegram({
      core: rig.core,
      logger: captureLogger().logger,
      webhook: { url: 'https://postie.example/hooks/', secret: SECRET },
    });
    const setWebhook = tg.fake.calls.find((c) => c.method === 'setWebhook');
    expect(setWebhook?.body).toMatchObject({
      secret_token: SECRET,
      allowed_updates: ['message', 'channel_post', 'callback_query', 'inline_query'],
    });
    const url = String(setWebhook?.body['url']);
    expect(url).toMatch(/^https:\/\/postie\.example\/hooks\/telegram\/[0-9a-f]{32}$/);
    expect(url).not.toContain(TOKEN.split(':')[1]);
    expect(tg.fake.calls.map((c) => c.method)).not.toContain('getUpdates');
  });

  it('answers an update with the right secret header, refuses a wrong or missing one with 401', async () => {
    const captured = captureLogger();
    tg = await startTelegram({
      core: rig.core,
      logger: captured.logger,
      webhook: { url: 'https://postie.example/hooks', secret: SECRET },
    });
    const running = tg;
    expect(await deliver(running, message(running, 3001, '/track RB000000014HK'), 'wrong-secret')).toBe(401);
    expect(await deliver(running, message(running, 3001, '/track RB000000014HK'))).toBe(401);
    expect(await deliver(running, message(running, 3001, '/track RB000000014HK'), SECRET)).toBe(200);
    const [answer] = await running.fake.waitFor(
      () => running.fake.messagesIn(3001).length >= 1 && running.fake.messagesIn(3001),
    );
    expect(answer?.text).toContain('RB000000014HK');
    // Only the accepted update was answered.
    await running.fake.waitFor(
      () => running.fake.calls.filter((c) => c.method === 'sendMessage').length === 1,
    );
    expect(
      captured.lines.filter((l) => l['msg'] === 'Telegram webhook call without the right secret'),
    ).toHaveLength(2);
    expect(JSON.stringify(captured.lines)).not.toContain('wrong-secret');
  });

  it('refuses a body that is not an update, and stops taking updates once stopped', async () => {
    tg = await startTelegram({
      core: rig.core,
      logger: captureLogger().logger,
      webhook: { url: 'https://postie.example/hooks', secret: SECRET },
    });
    const running = tg;
    const path = new URL(running.fake.state.webhook?.url ?? '').pathname.replace(/^\/hooks/, '');
    const post = (body: string) =>
      fetch(`${running.localUrl}${path}`, {
        method: 'POST',
        headers: { 'x-telegram-bot-api-secret-token': SECRET },
        body,
      }).then((r) => r.status);
    expect(await post('not json')).toBe(400);
    expect(await post('{"message":{}}')).toBe(400);
    await running.frontend.stop();
    expect(await deliver(running, message(running, 3002, '/help'), SECRET)).toBe(503);
  });

  it('derives a secret from the token when none is configured, so the header is always checked', async () => {
    tg = await startTelegram({
      core: rig.core,
      logger: captureLogger().logger,
      webhook: { url: 'https://postie.example/hooks' },
    });
    const running = tg;
    const secret = String(running.fake.state.webhook?.secret);
    expect(secret).toBe(webhookSecret(undefined, TOKEN));
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(secret).not.toContain(TOKEN.split(':')[1]);
    expect(await deliver(running, message(running, 3003, '/help'))).toBe(401);
    expect(await deliver(running, message(running, 3003, '/help'), secret)).toBe(200);
    await running.fake.waitFor(() => running.fake.messagesIn(3003).length >= 1);
  });
});
