import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { NZPOST_SANDBOX_NUMBERS } from '../../src/carriers/nz-post/sandbox-parcels.js';
import { SEED_PARCEL } from '../../src/carriers/trackingmore/sandbox-parcels.js';
import { type ChatRef, chatKey } from '../../src/domain/chat.js';
import type { Reply } from '../../src/domain/reply.js';
import { type BotRig, startBotRig } from '../helpers/bot-rig.js';
import { eventLines, recordingChannel, say, textOf } from './notifications-harness.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The default level: every new event. */
const alice: ChatRef = { platform: 'telegram', id: '301', kind: 'private' };
/** `/updates all`: every event and every new estimate. */
const bob: ChatRef = { platform: 'telegram', id: '302', kind: 'private' };
/** `/updates milestones`: status changes only. */
const family: ChatRef = { platform: 'telegram', id: '-303', kind: 'group' };

const dir = mkdtempSync(join(tmpdir(), 'postie-estimates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rigs: BotRig[] = [];
afterEach(async () => {
  for (const rig of rigs.splice(0).reverse()) await rig.close();
});

async function start() {
  const rig = await startBotRig({ bot: { batchWindowMs: 0, random: () => 0.5 } });
  rigs.push(rig);
  const channel = recordingChannel();
  rig.engine.addChannel(channel);
  await say(rig, bob, '/updates all');
  await say(rig, family, '/updates milestones');
  const to = (chat: ChatRef) => channel.delivered.filter((d) => d.chat.id === chat.id).map((d) => d.reply);
  return { rig, to };
}

async function followFor(rig: BotRig, hours: number) {
  for (let h = 0; h < hours; h += 1) {
    rig.clock.advance(HOUR);
    await rig.engine.runDue();
  }
}

const estimateLines = (reply: Reply) =>
  textOf(reply)
    .split('\n')
    .filter((line) => line.startsWith('🗓'));

describe('a changed delivery estimate', () => {
  it('is sent on its own only to /updates all; other chats see it with their next message', async () => {
    const { rig, to } = await start();
    const number = SEED_PARCEL.number;
    for (const chat of [alice, bob, family]) {
      const answers = await say(rig, chat, `/subscribe ${number}`);
      expect(answers.map(textOf).join('\n')).toMatch(/Expected (tomorrow|\w{3} \d{1,2} \w{3})/);
    }

    const toldEstimate = async (chat: ChatRef) =>
      (await rig.subscriptionStore.subscription(chatKey(chat), number))?.toldEstimate;
    const first = await toldEstimate(alice);
    expect(first?.from).toBeDefined();

    // Six hours in, TrackingMore brings the delivery forward a day; no new scan until the next day.
    await followFor(rig, 20);
    expect(to(bob)).toHaveLength(1);
    const changed = to(bob)[0] ?? { blocks: [] };
    expect(eventLines(changed)).toEqual([]);
    expect(estimateLines(changed)).toEqual([expect.stringMatching(/^🗓 Expected /)]);
    const brought = await toldEstimate(bob);
    // The day before the first estimate's, on the carrier's calendar (the dates as written).
    const dayBefore = new Date(Date.parse(`${first?.from?.slice(0, 10)}T00:00:00Z`) - DAY);
    expect(brought?.from?.slice(0, 10)).toBe(dayBefore.toISOString().slice(0, 10));
    expect(to(alice)).toEqual([]);
    expect(to(family)).toEqual([]);
    expect(await toldEstimate(alice)).toEqual(first);

    // Out for delivery: everyone hears it; the chats that have not seen the new estimate get it with it.
    await followFor(rig, 6);
    const outForDelivery = (reply: Reply) => textOf(reply).includes('Out for Delivery');
    for (const chat of [alice, family]) {
      const news = to(chat).find(outForDelivery);
      expect(news && estimateLines(news)).toEqual([expect.stringMatching(/^🗓 Expected /)]);
      expect(await toldEstimate(chat)).toEqual(brought);
    }
    const bobNews = to(bob).find(outForDelivery);
    expect(bobNews && estimateLines(bobNews)).toEqual([]);
  });

  it('shows an NZ Post window with the out-for-delivery news, and its revision to /updates all alone', async () => {
    const { rig, to } = await start();
    const number = NZPOST_SANDBOX_NUMBERS.seedRequest;
    for (const chat of [alice, bob]) await say(rig, chat, `/subscribe ${number}`);

    await followFor(rig, 1);
    for (const chat of [alice, bob]) {
      const [news] = to(chat);
      expect(textOf(news ?? { blocks: [] })).toContain('with our courier for delivery');
      expect(estimateLines(news ?? { blocks: [] })).toEqual([expect.stringMatching(/^🗓 Expected /)]);
    }
    const [first] = estimateLines(to(bob)[0] ?? { blocks: [] });

    // An hour later NZ Post moves the window an hour on, on the same scan.
    await followFor(rig, 2);
    expect(to(alice)).toHaveLength(1);
    expect(to(bob)).toHaveLength(2);
    const revised = to(bob)[1] ?? { blocks: [] };
    expect(eventLines(revised)).toEqual([]);
    expect(estimateLines(revised)).toHaveLength(1);
    expect(estimateLines(revised)).not.toEqual([first]);

    // The timeline answer shows the revised window while it is ahead (its day named as of now).
    const hours = /\d\d:\d\d–\d\d:\d\d/.exec(estimateLines(revised)[0] ?? '')?.[0];
    const answers = await say(rig, alice, `/track ${number}`);
    const shown = answers.map(textOf).join('\n').split('\n');
    expect(shown.filter((line) => line.startsWith('Expected '))).toEqual([
      expect.stringContaining(hours ?? '?'),
    ]);
  });

  it('names the three /updates levels, the default hearing every event', async () => {
    const { rig } = await start();
    const reply = async (chat: ChatRef, text: string) => (await say(rig, chat, text)).map(textOf).join('\n');
    expect(await reply(alice, '/updates')).toContain('comes with the next one');
    expect(await reply(bob, '/updates')).toContain('whenever the expected delivery changes');
    expect(await reply(bob, '/updates events')).toContain('comes with the next one');
    expect(await reply(bob, '/updates')).toContain('comes with the next one');
    expect(await reply(family, '/updates')).toContain('only when');
  });
});
