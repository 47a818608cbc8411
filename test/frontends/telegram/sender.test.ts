import { TelegramError } from 'telegraf';
import type { Opts } from 'telegraf/types';
import { describe, expect, it } from 'vitest';
import { block, type Reply } from '../../../src/domain/reply.js';
import type { SendLimiter } from '../../../src/frontends/telegram/send-limiter.js';
import { createSender, type SendCalls } from '../../../src/frontends/telegram/sender.js';
import { TelegramCallError } from '../../../src/frontends/telegram/telegram-errors.js';
import { captureLogger } from '../../helpers/capture-logger.js';

const text = (t: string): Reply => ({ blocks: [block('line', t)] });
const apiError = (error_code: number, description: string, parameters?: Record<string, number>) =>
  new TelegramError({ error_code, description, ...(parameters ? { parameters } : {}) });

/** Calls that answer from a script (one entry per call: an error to throw, or a delay in ms), logging what was sent. */
function scriptedCalls(script: (Error | number | undefined)[] = []) {
  const sent: { method: string; chatId: unknown; text: string }[] = [];
  const answer = async (method: string, payload: { chat_id?: unknown; text: string }) => {
    const step = script.shift();
    if (typeof step === 'number') await new Promise((r) => setTimeout(r, step));
    if (step instanceof Error) throw step;
    sent.push({ method, chatId: payload.chat_id, text: payload.text });
    return {};
  };
  const calls: SendCalls = {
    sendMessage: (p: Opts<'sendMessage'>) =>
      answer('sendMessage', { chat_id: p.chat_id, text: String(p.text) }),
    editMessageText: (p: Opts<'editMessageText'>) =>
      answer('editMessageText', { chat_id: p.chat_id, text: String(p.text) }),
  };
  return { calls, sent };
}

/** What `run` rejects with; fails the test when it resolves. */
async function thrown(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** A sender whose 429 waits are recorded and take no time. */
function sender(calls: SendCalls, signal = new AbortController().signal) {
  const waits: number[] = [];
  const log = captureLogger('debug');
  const instant = { now: () => 0, sleep: async (ms: number) => void waits.push(ms) };
  return {
    sender: createSender({ calls, clock: instant, logger: log.logger, signal }),
    waits,
    logs: log.lines,
  };
}

describe('Telegram sender', () => {
  it("keeps one chat's replies in the order they were given, whatever each call takes", async () => {
    const { calls, sent } = scriptedCalls([30, 0, 10]);
    const { sender: s } = sender(calls);
    await Promise.all([
      s.send({ chatId: 1 }, text('first')),
      s.send({ chatId: 1 }, text('second')),
      s.send({ chatId: 1 }, text('third')),
    ]);
    expect(sent.map((m) => m.text)).toEqual(['first', 'second', 'third']);
  });

  it('waits at most 15 minutes whatever retry_after says, and reads a nonsense one as a second', async () => {
    const { calls, sent } = scriptedCalls([
      apiError(429, 'Too Many Requests', { retry_after: 1e9 }),
      apiError(429, 'Too Many Requests', { retry_after: -5 }),
      apiError(429, 'Too Many Requests', { retry_after: Number.NaN }),
    ]);
    const { sender: s, waits } = sender(calls);
    await s.send({ chatId: 1 }, text('hello'));
    expect(waits).toEqual([15 * 60_000, 1000, 1000]);
    expect(sent).toHaveLength(1);
  });

  it('waits out each 429 for retry_after and gives up after five tries', async () => {
    const limited = () => apiError(429, 'Too Many Requests: retry after 2', { retry_after: 2 });
    const { calls, sent } = scriptedCalls([limited(), limited()]);
    const first = sender(calls);
    await first.sender.send({ chatId: 1 }, text('hello'));
    expect(first.waits).toEqual([2000, 2000]);
    expect(sent).toHaveLength(1);

    const always = scriptedCalls(Array.from({ length: 9 }, limited));
    const second = sender(always.calls);
    const error = await thrown(() => second.sender.send({ chatId: 1 }, text('hello')));
    expect(error).toBeInstanceOf(TelegramCallError);
    expect(second.waits).toHaveLength(4);
  });

  it('stops at a chat that blocked the bot, logs it once at info, and writes again once the chat does', async () => {
    const { calls, sent } = scriptedCalls([apiError(403, 'Forbidden: bot was blocked by the user')]);
    const { sender: s, logs } = sender(calls);
    expect(await s.send({ chatId: 5 }, text('one'))).toBe('unreachable');
    expect(await s.send({ chatId: 5 }, text('two'))).toBe('unreachable');
    expect(sent).toEqual([]);
    expect(logs.filter((l) => l['level'] === 30)).toEqual([
      expect.objectContaining({ chat: 5, reason: 'Forbidden: bot was blocked by the user' }),
    ]);
    s.markReachable(5);
    expect(await s.send({ chatId: 5 }, text('three'))).toBe('sent');
    expect(sent.map((m) => m.text)).toEqual(['three']);
  });

  it('follows a group that became a supergroup', async () => {
    const { calls, sent } = scriptedCalls([
      apiError(400, 'Bad Request: group chat was upgraded to a supergroup chat', {
        migrate_to_chat_id: -1009,
      }),
    ]);
    await sender(calls).sender.send({ chatId: -9 }, text('hi'));
    expect(sent).toEqual([{ method: 'sendMessage', chatId: -1009, text: 'hi' }]);
  });

  it('edits in place; unchanged sends nothing; gone sends the reply anew', async () => {
    const edited = scriptedCalls();
    await sender(edited.calls).sender.edit({ chatId: 1 }, 3, text('new'));
    expect(edited.sent).toEqual([{ method: 'editMessageText', chatId: 1, text: 'new' }]);

    const unchanged = scriptedCalls([
      apiError(400, 'Bad Request: message is not modified: specified new message content …'),
    ]);
    await sender(unchanged.calls).sender.edit({ chatId: 1 }, 3, text('same'));
    expect(unchanged.sent).toEqual([]);

    const gone = scriptedCalls([apiError(400, 'Bad Request: message to edit not found')]);
    await sender(gone.calls).sender.edit({ chatId: 1 }, 3, text('again'));
    expect(gone.sent).toEqual([{ method: 'sendMessage', chatId: 1, text: 'again' }]);
  });

  it('rejects other failures without the request in the error', async () => {
    const { calls } = scriptedCalls([apiError(400, "Bad Request: can't parse entities")]);
    const error = await thrown(() => sender(calls).sender.send({ chatId: 1 }, text('private text')));
    expect(error).toBeInstanceOf(TelegramCallError);
    expect(JSON.stringify(error)).not.toContain('private text');
    expect(String(error)).toContain("400: Bad Request: can't parse entities");
  });

  it('paces a notification: a slot before it queues, urgent slots for its later parts; replies only counted', async () => {
    const events: string[] = [];
    const limiter: SendLimiter = {
      take: async (chatId, options) => {
        events.push(`take ${chatId}${options?.urgent ? ' urgent' : ''}`);
        return { release: () => void events.push(`release ${chatId}`) };
      },
      note: (chatId) => {
        events.push(`note ${chatId}`);
        return { release: () => void events.push(`release ${chatId}`) };
      },
      waiting: 0,
    };
    const { calls, sent } = scriptedCalls();
    const log = captureLogger('debug');
    const clock = { now: () => 0, sleep: async () => undefined };
    const s = createSender({
      calls,
      clock,
      logger: log.logger,
      signal: new AbortController().signal,
      limiter,
    });
    const long: Reply = { blocks: Array.from({ length: 3 }, (_, i) => block('line', `${i}`.repeat(3000))) };
    expect(await s.send({ chatId: 1 }, long, { paced: true })).toBe('sent');
    expect(await s.send({ chatId: 2 }, text('a reply'))).toBe('sent');
    expect(sent.length).toBeGreaterThan(2);
    const parts = sent.length - 1;
    expect(events).toEqual([
      'take 1',
      'release 1',
      ...Array.from({ length: parts - 1 }, () => ['take 1 urgent', 'release 1']).flat(),
      'note 2',
      'release 2',
    ]);
  });

  it('gives up waiting out a 429 once shutting down', async () => {
    const stop = new AbortController();
    stop.abort();
    const { calls } = scriptedCalls([apiError(429, 'Too Many Requests', { retry_after: 60 })]);
    const { sender: s, waits } = sender(calls, stop.signal);
    expect(await thrown(() => s.send({ chatId: 1 }, text('late')))).toBeInstanceOf(TelegramCallError);
    expect(waits).toEqual([]);
  });
});
