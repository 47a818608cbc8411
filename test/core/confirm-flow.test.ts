import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminCheck } from '../../src/core/incoming.js';
import type { Action } from '../../src/domain/action.js';
import type { ChatRef } from '../../src/domain/chat.js';
import type { Reply } from '../../src/domain/reply.js';
import { type BotRig, startBotRig } from '../helpers/bot-rig.js';
import { buttonActions, textOf } from '../subscriptions/notifications-harness.js';

let rig: BotRig;
beforeAll(async () => {
  rig = await startBotRig();
});
afterAll(() => rig.close());

let chats = 0;
const group = (): ChatRef => ({ platform: 'telegram', id: String(-5000 - ++chats), kind: 'group' });
const followed = async (chat: ChatRef) => (await rig.engine.subscriptions.list(chat)).length;

/** What the core answers `text` (a command) or a press of `action` with, as someone whose standing `isAdmin` tells. */
async function ask(chat: ChatRef, input: string | Action, isAdmin?: AdminCheck) {
  const replies: { reply: Reply; replace: boolean }[] = [];
  const respond = async (reply: Reply, options?: { replace?: boolean }) =>
    void replies.push({ reply, replace: options?.replace ?? false });
  const user = { id: 'u1', languageCode: 'en' };
  const admin = isAdmin ? { isAdmin } : {};
  if (typeof input === 'string') {
    const [name = '', ...args] = input.slice(1).split(' ');
    const command = { name, args: args.join(' ') };
    await rig.core.handleMessage(
      { chat, user, text: input, command, addressedToBot: true, ...admin },
      respond,
    );
  } else await rig.core.handleAction({ chat, user, action: input, ...admin }, respond);
  return replies;
}

const yes: AdminCheck = async () => true;

describe('confirming what cannot be undone', () => {
  it('counts nobody as a group’s administrator when the front-end cannot tell', async () => {
    const chat = group();
    await ask(chat, '/subscribe RB000000014HK', yes);
    const [refusal] = await ask(chat, '/unsubscribe all');
    expect(refusal?.reply.private).toBe(true);
    expect(textOf(refusal?.reply ?? { blocks: [] })).toBe("Only this group's administrators can do that.");
    const expiresAt = Math.floor(rig.clock.now() / 1000) * 1000 + 60_000;
    await ask(chat, { kind: 'confirm', what: 'unsubscribe_all', expiresAt });
    expect(await followed(chat)).toBe(1);
  });

  it('tells the person when their standing cannot be checked, and deletes nothing', async () => {
    const chat = group();
    await ask(chat, '/subscribe RB000000014HK', yes);
    const failing: AdminCheck = async () => {
      throw new Error('Telegram getChatMember: no answer within 10000 ms');
    };
    const [answer] = await ask(chat, '/forget', failing);
    expect(textOf(answer?.reply ?? { blocks: [] })).toContain("I couldn't check just now");
    expect(await followed(chat)).toBe(1);
  });

  it('asks an administrator, then does it on Confirm in place of the question', async () => {
    const chat = group();
    await ask(chat, '/subscribe RB000000014HK', yes);
    await ask(chat, '/subscribe EA000001006HK', yes);
    const [question] = await ask(chat, '/unsubscribe all', yes);
    expect(textOf(question?.reply ?? { blocks: [] })).toContain('Stop following all 2 parcels');
    const [confirm, cancel] = buttonActions(question?.reply ?? { blocks: [] });
    expect(cancel).toEqual({ kind: 'cancel', what: 'unsubscribe_all' });
    if (confirm?.kind !== 'confirm') throw new Error('no Confirm button');
    expect(confirm.expiresAt - rig.clock.now()).toBeLessThanOrEqual(5 * 60_000);
    expect(confirm.expiresAt - rig.clock.now()).toBeGreaterThan(5 * 60_000 - 1000);
    const [done] = await ask(chat, confirm, yes);
    expect(done).toMatchObject({ replace: true });
    expect(textOf(done?.reply ?? { blocks: [] })).toBe('Stopped following every parcel (2).');
    expect(await followed(chat)).toBe(0);
    const [nothing] = await ask(chat, '/unsubscribe all', yes);
    expect(textOf(nothing?.reply ?? { blocks: [] })).toBe("This chat doesn't follow any parcels.");
    expect(buttonActions(nothing?.reply ?? { blocks: [] })).toEqual([]);
  });
});
