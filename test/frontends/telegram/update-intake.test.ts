import type { Update } from 'telegraf/types';
import { describe, expect, it } from 'vitest';
import type { TrackRequest } from '../../../src/carriers/adapter.js';
import { RELEASE_AFTER_MS } from '../../../src/core/slow-answers.js';
import type { TrackOutcome } from '../../../src/domain/outcome.js';
import type { Reply } from '../../../src/domain/reply.js';
import type { ReplyTarget, Sender } from '../../../src/frontends/telegram/sender.js';
import { createUpdateIntake } from '../../../src/frontends/telegram/update-intake.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { heldLookupsCore } from '../../helpers/held-lookups-core.js';

const BOT = { id: 42, username: 'PostieBot' };
const CHAT = 7001;

/** The real core over lookups the test answers when it wants (`heldLookupsCore`), and a recording sender. */
function setup() {
  const { core, clock, lookups } = heldLookupsCore();
  const { logger } = captureLogger('silent');
  const sent: string[] = [];
  let arrived: () => void = () => {};
  const sender: Sender = {
    async send(_target: ReplyTarget, reply: Reply) {
      sent.push(reply.blocks.map((b) => b.spans.map((s) => s.text).join('')).join('\n'));
      arrived();
      return 'sent';
    },
    async edit() {},
    markReachable() {},
    idle: async () => {},
  };
  const failures: unknown[] = [];
  const intake = createUpdateIntake({
    core,
    sender,
    answerQuery: async () => {},
    logger,
    onFailure: (error) => failures.push(error),
  });
  /** Resolves once `count` replies have been sent in all. */
  const replies = (count: number) =>
    new Promise<string[]>((resolve) => {
      const check = () => {
        if (sent.length >= count) resolve(sent.slice());
      };
      arrived = check;
      check();
    });
  let updateId = 0;
  const say = (text: string) => {
    updateId += 1;
    const command = /^\/\w+/.exec(text)?.[0];
    const update = {
      update_id: updateId,
      message: {
        message_id: updateId,
        date: 0,
        chat: { id: CHAT, type: 'private', first_name: 'Ann' },
        from: { id: CHAT, is_bot: false, first_name: 'Ann', language_code: 'en' },
        text,
        ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command.length }] } : {}),
      },
    } as Update;
    intake.accept(update, BOT);
  };
  return { say, replies, lookups, intake, failures, sent, clock };
}

const found = (request: TrackRequest): TrackOutcome => ({
  kind: 'found',
  shipment: {
    number: request.number,
    carrier: request.carrier,
    adapter: 'hongkong-post',
    status: 'delivered',
    events: [],
    fetchedAt: '2026-01-01T00:00:00Z',
  },
});

describe('Telegram update intake', () => {
  it('answers /help while the chat’s earlier lookup is still waiting for the carrier', async () => {
    const chat = setup();
    chat.say('RB000000014HK');
    const [lookup] = await chat.lookups(1);
    chat.say('/help');
    await chat.clock.advance(RELEASE_AFTER_MS);
    const [help] = await chat.replies(1);
    expect(help).toContain('/track');
    if (lookup) lookup.answer(found(lookup.request));
    const all = await chat.replies(2);
    expect(all[1]).toContain('RB000000014HK');
    await chat.intake.idle();
    expect(chat.failures).toEqual([]);
  });

  it('keeps replies in the order of the messages when the answer comes quickly', async () => {
    const chat = setup();
    chat.say('RB000000014HK');
    const [lookup] = await chat.lookups(1);
    chat.say('/help');
    if (lookup) lookup.answer(found(lookup.request));
    const [timeline, help] = await chat.replies(2);
    expect(timeline).toContain('RB000000014HK');
    expect(help).toContain('/track');
  });

  it('still applies a chat’s updates in order: a lookup after /language answers in that language', async () => {
    const chat = setup();
    chat.say('/language zh-HK');
    chat.say('RB000000014HK');
    const [lookup] = await chat.lookups(1);
    if (lookup) lookup.answer(found(lookup.request));
    const [done, answer] = await chat.replies(2);
    expect(done).toContain('繁體中文');
    expect(answer).toContain('香港郵政');
  });

  it('waits, on shutdown, for lookups that let the chat go on', async () => {
    const chat = setup();
    chat.say('RB000000014HK');
    const [lookup] = await chat.lookups(1);
    await chat.clock.advance(RELEASE_AFTER_MS);
    let idle = false;
    const stopping = chat.intake.idle().then(() => {
      idle = true;
    });
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
    expect(idle).toBe(false);
    if (lookup) lookup.answer(found(lookup.request));
    await stopping;
    expect(chat.sent).toHaveLength(1);
  });
});
