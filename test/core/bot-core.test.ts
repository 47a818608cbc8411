import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { BULK_NUMBERS } from '../../src/carriers/hongkong-post/sandbox-parcels.js';
import type { Respond } from '../../src/core/conversation.js';
import { DEFAULT_FAIR_SHARE } from '../../src/core/fair-share.js';
import type { IncomingMessage } from '../../src/core/incoming.js';
import { CHECK_DIGITS } from '../../src/detect/check-digits.js';
import type { ChatRef } from '../../src/domain/chat.js';
import type { Reply } from '../../src/domain/reply.js';
import { type BotRig, startBotRig } from '../helpers/bot-rig.js';

let rig: BotRig;
beforeAll(async () => {
  rig = await startBotRig();
});
afterAll(() => rig.close());

let chatCount = 0;
const newChat = (kind: ChatRef['kind'] = 'private'): ChatRef => ({
  platform: 'telegram',
  id: String(++chatCount),
  kind,
});
const text = (reply: Reply) => reply.blocks.map((b) => b.spans.map((s) => s.text).join('')).join('\n');

function collector() {
  const replies: { reply: Reply; replace: boolean }[] = [];
  const respond: Respond = async (reply, options) => {
    replies.push({ reply, replace: options?.replace ?? false });
  };
  return { replies, respond, texts: () => replies.map((r) => text(r.reply)) };
}

const say = async (chat: ChatRef, message: Partial<IncomingMessage> & { text: string }) => {
  const c = collector();
  await rig.core.handleMessage(
    { chat, user: { id: 'u1', languageCode: 'en' }, addressedToBot: false, ...message },
    c.respond,
  );
  return c;
};

describe('bot core', () => {
  it('answers one reply per number in a pasted message', async () => {
    const { texts } = await say(newChat(), { text: 'SF7444700499701 and RB 000 000 014 HK please' });
    expect(texts()).toHaveLength(2);
    expect(texts().join('\n')).toContain('SF7444700499701');
    expect(texts().join('\n')).toContain('RB000000014HK');
  });

  it('stays quiet in groups unless addressed, and answers commands there', async () => {
    const group = newChat('group');
    expect((await say(group, { text: 'RB000000014HK' })).replies).toHaveLength(0);
    expect((await say(group, { text: '@postie RB000000014HK', addressedToBot: true })).replies).toHaveLength(
      1,
    );
    expect(
      (await say(group, { text: '/track RB000000014HK', command: { name: 'track', args: 'RB000000014HK' } }))
        .replies,
    ).toHaveLength(1);
  });

  it('tracks with the carrier named after the numbers', async () => {
    const { texts } = await say(newChat(), {
      text: '/track LS912989618CN china-ems',
      command: { name: 'track', args: 'LS912989618CN china-ems' },
    });
    expect(texts()[0]).toContain('China EMS');
  });

  it('says what it did not understand', async () => {
    const { replies } = await say(newChat(), {
      text: '/frobnicate',
      command: { name: 'frobnicate', args: '' },
    });
    expect(replies[0]?.reply.private).toBe(true);
    expect(text(replies[0]?.reply as Reply)).toContain('frobnicate');
  });

  it('keeps the chat’s time zone, refuses unknown ones, and forgets everything on a confirmed /forget', async () => {
    const chat = newChat();
    const tz = (args: string) =>
      say(chat, { text: `/timezone ${args}`, command: { name: 'timezone', args } });
    expect((await tz('pacific/auckland')).texts()[0]).toContain('Pacific/Auckland');
    expect((await tz('Mars/Olympus')).texts()[0]).toContain('Mars/Olympus');
    expect((await tz('')).texts()[0]).toContain('Pacific/Auckland');
    await say(chat, {
      text: '/subscribe RB000000014HK',
      command: { name: 'subscribe', args: 'RB000000014HK' },
    });
    const question = await say(chat, { text: '/forget', command: { name: 'forget', args: '' } });
    expect((await tz('')).texts()[0]).toContain('Pacific/Auckland');
    const confirm = question.replies[0]?.reply.buttons?.[0]?.[0]?.action;
    expect(confirm).toMatchObject({ kind: 'confirm', what: 'forget' });
    if (confirm)
      await rig.core.handleAction({ chat, user: { id: 'u1' }, action: confirm }, collector().respond);
    expect((await tz('')).texts()[0]).toContain('Asia/Hong_Kong');
    const list = await say(chat, { text: '/list', command: { name: 'list', args: '' } });
    expect(list.texts()[0]).not.toContain('RB000000014HK');
  });

  it('reads a new chat’s times in its language’s zone until it sets one: zh-CN in Shanghai', async () => {
    const chat = newChat();
    const tz = async (args: string) =>
      (
        await say(chat, {
          text: `/timezone ${args}`,
          command: { name: 'timezone', args },
          user: { id: 'u2', languageCode: 'zh-CN' },
        })
      ).texts()[0] ?? '';
    // The answer names an example zone (Asia/Shanghai) too: the current one is what it says first.
    const current = (answer: string) => /[A-Z][a-z]+\/[A-Za-z_]+/.exec(answer)?.[0];
    expect(current(await tz(''))).toBe('Asia/Shanghai');
    await tz('Europe/London');
    expect(current(await tz(''))).toBe('Europe/London');
    // English is spoken everywhere: the configured default.
    const english = await say(newChat(), { text: '/timezone', command: { name: 'timezone', args: '' } });
    expect(current(english.texts()[0] ?? '')).toBe('Asia/Hong_Kong');
  });

  it('refreshes in place, and tries another carrier in a new reply', async () => {
    const chat = newChat();
    const user = { id: 'u1' };
    const refresh = collector();
    await rig.core.handleAction(
      { chat, user, action: { kind: 'refresh', number: 'RB000000014HK' } },
      refresh.respond,
    );
    expect(refresh.replies.every((r) => r.replace)).toBe(true);
    const other = collector();
    await rig.core.handleAction(
      { chat, user, action: { kind: 'track_as', number: 'LS912989618CN', carrier: 'china-ems' } },
      other.respond,
    );
    expect(other.replies.some((r) => r.replace)).toBe(false);
  });

  it('lets no forged number spoil the Hongkong Post batch of other chats, nor spend TrackingMore calls', async () => {
    const trackingmore = rig.sandboxes.servers.trackingmore;
    const paidBefore = trackingmore.requests.length;
    const chats = BULK_NUMBERS.slice(0, 10).map((number) => ({ chat: newChat(), number }));
    // A press whose data a front-end did not vet: a 40-character "number" for Hongkong Post.
    const forged = collector();
    const [answers] = await Promise.all([
      Promise.all(chats.map(({ chat, number }) => say(chat, { text: number }))),
      rig.core.handleAction(
        {
          chat: newChat(),
          user: { id: 'u9' },
          action: { kind: 'refresh', number: 'A'.repeat(40), carrier: 'hongkong-post' },
        },
        forged.respond,
      ),
    ]);
    answers.forEach((answer, i) => {
      const text = answer.texts().join('\n');
      expect(text).toContain(chats[i]?.number);
      expect(text).not.toMatch(/Not found|no record|Couldn't check/);
    });
    expect(forged.texts().join('\n')).toContain("isn't a valid tracking number");
    expect(trackingmore.requests.length).toBe(paidBefore);
  });

  it('answers at once when TrackingMore says "too many requests", with when to try again', async () => {
    // A rig of its own: TrackingMore stays paused for two minutes after this.
    const paused = await startBotRig();
    const say = async (chat: ChatRef, message: { text: string }) => {
      const c = collector();
      await paused.core.handleMessage(
        { chat, user: { id: 'u1' }, addressedToBot: false, ...message },
        c.respond,
      );
      return c;
    };
    onTestFinished(() => paused.close());
    const trackingmore = paused.sandboxes.servers.trackingmore;
    trackingmore.faults.inject(
      {
        kind: 'status',
        status: 429,
        body: { meta: { code: 429, type: 'Error', message: 'Too Many Requests' } },
      },
      { times: 1, path: '/trackings/realtime' },
    );
    // Neither answer waits out TrackingMore's two minutes (the test would time out long before).
    const first = await say(newChat(), { text: '1Z999AA10123456784' });
    expect(first.texts().join('\n')).toContain('TrackingMore is busy');
    expect(first.texts().join('\n')).toContain('Please try again in 2 minutes.');
    const next = await say(newChat(), { text: '794800000016' });
    expect(next.texts().join('\n')).toContain('TrackingMore is busy');
  });

  it('answers a carrier named like an Object.prototype property as a carrier it cannot ask', async () => {
    for (const carrier of ['constructor', 'toString', '__proto__']) {
      const press = collector();
      await rig.core.handleAction(
        {
          chat: newChat(),
          user: { id: 'u1' },
          action: { kind: 'track_as', number: 'RB000000014HK', carrier },
        },
        press.respond,
      );
      expect(press.texts().join('\n')).not.toContain('something went wrong');
      expect(press.texts().join('\n')).toContain('RB000000014HK');
    }
  });

  it('subscribes from a button and offers to unsubscribe on the next answer', async () => {
    const chat = newChat();
    const press = collector();
    await rig.core.handleAction(
      { chat, user: { id: 'u1' }, action: { kind: 'subscribe', number: 'RB000000014HK' } },
      press.respond,
    );
    const last = press.replies.at(-1)?.reply;
    expect(last?.buttons?.flat().some((b) => b.action.kind === 'unsubscribe')).toBe(true);
  });

  it('gives one person a fair share of lookups: a flood is cut short, in the chat’s language, others unaffected', async () => {
    const chat = newChat();
    const flooder = { id: 'flooder', languageCode: 'en' };
    await say(chat, { text: '/language zh-HK', command: { name: 'language', args: 'zh-HK' }, user: flooder });
    const hongkong = rig.sandboxes.servers['hongkong-post'];
    const itemsAsked = () =>
      hongkong.requests
        .filter((r) => r.path.endsWith('/mailTracking'))
        .reduce((n, r) => n + (JSON.parse(r.body) as { itemNo: unknown[] }).itemNo.length, 0);
    const before = itemsAsked();
    const numbers = Array.from({ length: 100 }, (_, i) => {
      const serial = String(40_000_000 + i);
      return `RR${serial}${[...'0123456789'].find((c) => CHECK_DIGITS.s10(serial, c))}HK`;
    });
    const texts: string[] = [];
    for (let i = 0; i < numbers.length; i += 20) {
      const { texts: replies } = await say(chat, { text: numbers.slice(i, i + 20).join(' '), user: flooder });
      texts.push(...replies());
    }
    // 30 lookups a minute for one person; the other 70 numbers are named as left out, in Chinese.
    expect(itemsAsked() - before).toBe(DEFAULT_FAIR_SHARE.perUserPerMinute);
    const notices = texts.filter((t) => t.includes('略過'));
    expect(notices.length).toBeGreaterThan(0);
    expect(notices[0]).toContain('10 個號碼');
    // Someone else, meanwhile, is answered as usual.
    const other = await say(newChat(), { text: 'RB000000014HK' });
    expect(other.texts().join('\n')).toContain('RB000000014HK');
    expect(other.texts().join('\n')).not.toContain('left out');
  });

  it('answers in the user’s platform language until the chat picks one', async () => {
    const chat = newChat();
    const c = collector();
    await rig.core.handleMessage(
      { chat, user: { id: 'u2', languageCode: 'zh-hant' }, text: 'RB000000014HK', addressedToBot: true },
      c.respond,
    );
    expect(c.texts()[0]).toContain('香港郵政');
  });
});
