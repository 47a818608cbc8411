import { afterEach, describe, expect, it } from 'vitest';
import { RELEASE_AFTER_MS, TYPING_REPEAT_MS } from '../../../src/core/slow-answers.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { foundFor, heldLookupsCore } from '../../helpers/held-lookups-core.js';
import { groupChat, privateChat, type RunningTelegram, startTelegram, user } from './telegram-harness.js';

/** "typing…" while a lookup takes more than a moment, on the core's clock (moved by the test). */
let tg: RunningTelegram | undefined;
afterEach(async () => {
  await tg?.close();
  expect(tg?.fake.problems ?? []).toEqual([]);
  tg = undefined;
});

/** Resolves once `check` holds, looking again after each turn of the event loop (I/O included). */
const until = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setImmediate(r));
};

/** Resolves once the core waits on its clock again (the call before it has come back). */
const sleeping = (clock: { readonly pending: number }) => until(() => clock.pending > 0);

/** Resolves once nothing waits on the clock: no typing is planned, so moving the clock sends none. */
const nothingPlanned = (clock: { readonly pending: number }) => until(() => clock.pending === 0);

describe('Telegram: typing… while waiting', () => {
  it('shows typing after a second, again every 4.5 s while the carrier is slow, and no more once answered', async () => {
    const held = heldLookupsCore();
    tg = await startTelegram({ core: held.core, logger: captureLogger('silent').logger });
    const chat = privateChat(1601);
    tg.fake.userSays(chat, user(1601), 'RB000000014HK');
    const [lookup] = await held.lookups(1);
    await sleeping(held.clock);
    expect(tg.fake.state.chatActions).toEqual([]);

    await held.clock.advance(RELEASE_AFTER_MS);
    await tg.fake.waitFor(() => tg?.fake.state.chatActions.length === 1);
    expect(tg.fake.state.chatActions).toEqual([{ chatId: chat.id, action: 'typing' }]);
    await sleeping(held.clock);
    await held.clock.advance(TYPING_REPEAT_MS);
    await tg.fake.waitFor(() => tg?.fake.state.chatActions.length === 2);

    lookup?.answer(foundFor(lookup.request));
    await tg.fake.waitFor(() => tg?.fake.messagesIn(chat.id).length === 1);
    await nothingPlanned(held.clock);
    await held.clock.advance(3 * TYPING_REPEAT_MS);
    expect(held.clock.pending).toBe(0);
    expect(tg.fake.state.chatActions).toHaveLength(2);
  });

  it('shows nothing for an answer that comes within the second, and types in the forum topic asked from', async () => {
    const held = heldLookupsCore();
    tg = await startTelegram({ core: held.core, logger: captureLogger('silent').logger });
    const chat = privateChat(1602);
    tg.fake.userSays(chat, user(1602), 'RB000000014HK');
    const [quick] = await held.lookups(1);
    quick?.answer(foundFor(quick.request));
    await tg.fake.waitFor(() => tg?.fake.messagesIn(chat.id).length === 1);
    await nothingPlanned(held.clock);
    await held.clock.advance(RELEASE_AFTER_MS + TYPING_REPEAT_MS);
    expect(held.clock.pending).toBe(0);
    expect(tg.fake.state.chatActions).toEqual([]);

    const group = groupChat(-1001602);
    const topic = { ...group, is_forum: true };
    tg.fake.state.chats.set(group.id, topic);
    tg.fake.push({
      message: {
        message_id: 40,
        date: 0,
        chat: topic,
        from: user(1602),
        text: '/track RR000003007HK',
        entities: [{ type: 'bot_command', offset: 0, length: 6 }],
        is_topic_message: true,
        message_thread_id: 7,
      },
    } as never);
    const [, slow] = await held.lookups(2);
    await sleeping(held.clock);
    await held.clock.advance(RELEASE_AFTER_MS);
    await tg.fake.waitFor(() => tg?.fake.state.chatActions.length === 1);
    expect(tg.fake.state.chatActions).toEqual([{ chatId: group.id, action: 'typing', threadId: 7 }]);
    slow?.answer(foundFor(slow.request));
    await tg.fake.waitFor(() => tg?.fake.messagesIn(group.id).length === 1);
  });
});
