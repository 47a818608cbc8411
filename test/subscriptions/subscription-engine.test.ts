import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@redis/client';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  EMS_TO_UK,
  NO_RECORD,
  PARCEL_AWAITING_COLLECTION,
} from '../../src/carriers/hongkong-post/sandbox-parcels.js';
import type { ChatRef } from '../../src/domain/chat.js';
import { type BotRig, startBotRig } from '../helpers/bot-rig.js';
import { testRedisUrl } from '../helpers/test-redis.js';
import {
  buttonActions,
  eventLines,
  hongkongLookups,
  press,
  recordingChannel,
  say,
  textOf,
} from './notifications-harness.js';

const HOUR = 3_600_000;
const alice: ChatRef = { platform: 'telegram', id: '101', kind: 'private' };
const family: ChatRef = { platform: 'telegram', id: '-202', kind: 'group' };

const dir = mkdtempSync(join(tmpdir(), 'postie-engine-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rigs: BotRig[] = [];
afterEach(async () => {
  for (const rig of rigs.splice(0).reverse()) await rig.close();
});

/** A bot on the sandboxes whose notifications go to a recording channel, sent without a batching wait. */
async function start(options: Parameters<typeof startBotRig>[0] = {}) {
  const rig = await startBotRig({ ...options, bot: { batchWindowMs: 0, random: () => 0.5, ...options.bot } });
  rigs.push(rig);
  const channel = recordingChannel();
  rig.engine.addChannel(channel);
  return { rig, channel };
}

/** Moves time on in steps, polling what is due after each, until `done` or `maxHours`. */
async function followFor(rig: BotRig, hours: number, stepHours = 1) {
  for (let h = 0; h < hours; h += stepHours) {
    rig.clock.advance(stepHours * HOUR);
    await rig.engine.runDue();
  }
}

describe('following a parcel', () => {
  it('answers with the timeline at once and lists the parcel with its status and last event', async () => {
    const { rig } = await start();
    const replies = await say(rig, alice, `/subscribe ${EMS_TO_UK} Mum's gift`);
    expect(textOf(replies[0] ?? { blocks: [] })).toContain(EMS_TO_UK);
    expect(replies.some((r) => eventLines(r).length > 0)).toBe(true);
    const [list] = await say(rig, alice, '/list');
    const listed = textOf(list ?? { blocks: [] });
    expect(listed).toContain("Mum's gift");
    expect(listed).toContain('In transit');
  });

  it('tells each new event exactly once, in one message per poll, until delivery; then archives it', async () => {
    const { rig, channel } = await start();
    await say(rig, alice, `/subscribe ${EMS_TO_UK}`);
    expect(await rig.engine.runDue()).toBe(0);
    await followFor(rig, 36);

    const told = channel.delivered.flatMap((d) => eventLines(d.reply));
    // Arrived, customs, released, at the delivery office, delivered: the five steps after subscribing.
    expect(told).toHaveLength(5);
    expect(new Set(told).size).toBe(5);
    const last = channel.delivered.at(-1);
    expect(textOf(last?.reply ?? { blocks: [] })).toContain('Delivered');
    expect(buttonActions(last?.reply ?? { blocks: [] })).toContainEqual({
      kind: 'unsubscribe',
      number: EMS_TO_UK,
    });

    // One confirmation poll a day after delivery finds nothing new: the parcel is archived.
    await followFor(rig, 26, 2);
    expect(channel.delivered.flatMap((d) => eventLines(d.reply))).toHaveLength(5);
    expect(textOf((await say(rig, alice, '/list'))[0] ?? { blocks: [] })).toContain(
      "doesn't follow any parcels",
    );
  });

  it('polls a number once however many chats follow it, and tells each chat', async () => {
    const { rig, channel } = await start();
    await say(rig, alice, `/subscribe ${EMS_TO_UK}`);
    await say(rig, family, `/subscribe ${EMS_TO_UK}`);
    const before = hongkongLookups(rig);
    rig.clock.advance(13 * HOUR);
    expect(await rig.engine.runDue()).toBe(1);
    expect(hongkongLookups(rig) - before).toBe(1);
    expect(channel.delivered.map((d) => d.chat.id).sort()).toEqual([alice.id, family.id].sort());
  });

  it('tells a chat that hears only milestones when the status changes, not every scan', async () => {
    const { rig, channel } = await start();
    await say(rig, family, '/updates milestones');
    await say(rig, alice, `/subscribe ${EMS_TO_UK}`);
    await say(rig, family, `/subscribe ${EMS_TO_UK}`);
    await followFor(rig, 36);
    const to = (chat: ChatRef) => channel.delivered.filter((d) => d.chat.id === chat.id);
    // In transit all the way to the delivery office, then delivered: one status change.
    expect(to(alice).length).toBeGreaterThan(1);
    expect(to(family)).toHaveLength(1);
    expect(textOf(to(family)[0]?.reply ?? { blocks: [] })).toContain('Delivered');
    expect(textOf((await say(rig, family, '/updates'))[0] ?? { blocks: [] })).toContain('only when');
    await say(rig, family, '/updates all');
    expect(textOf((await say(rig, family, '/updates'))[0] ?? { blocks: [] })).toContain('every new event');
  });

  it('stops following a number unknown for five days, and Keep following starts again', async () => {
    const { rig, channel } = await start();
    await say(rig, alice, `/subscribe ${NO_RECORD}`);
    await followFor(rig, 5 * 24 + 2, 6);
    expect(channel.delivered).toHaveLength(1);
    const notice = channel.delivered[0]?.reply ?? { blocks: [] };
    expect(textOf(notice)).toContain('five days');
    expect(textOf((await say(rig, alice, '/list'))[0] ?? { blocks: [] })).toContain(
      "doesn't follow any parcels",
    );

    const keep = buttonActions(notice).find((a) => a.kind === 'subscribe');
    expect(keep).toBeDefined();
    if (keep) await press(rig, alice, keep);
    expect(textOf((await say(rig, alice, '/list'))[0] ?? { blocks: [] })).toContain(NO_RECORD);
  });

  it('never tells a failed poll as "not found" or as news, and spends no TrackingMore call on it', async () => {
    const { rig, channel } = await start({ queueRandom: () => 0 });
    await say(rig, alice, `/subscribe ${NO_RECORD}`);
    const hongkong = rig.sandboxes.servers['hongkong-post'];
    const trackingmore = rig.sandboxes.servers.trackingmore;
    const paidBefore = trackingmore.requests.length;
    hongkong.faults.inject({ kind: 'status', status: 503, body: 'Service Unavailable' });
    const asked = hongkong.requests.length;
    await followFor(rig, 6 * 24, 6);
    // Polled all along (the breaker lets a trial through), never told anything: Hongkong Post never answered.
    expect(hongkong.requests.length).toBeGreaterThan(asked);
    expect(channel.delivered).toHaveLength(0);
    expect(trackingmore.requests.length).toBe(paidBefore);
    expect(textOf((await say(rig, alice, '/list'))[0] ?? { blocks: [] })).toContain(NO_RECORD);

    // Asked in person, the chat hears the failure and that Postie keeps trying.
    const [answer] = await say(rig, alice, `/track ${NO_RECORD}`);
    const text = textOf(answer ?? { blocks: [] });
    expect(text).toContain("Hongkong Post isn't answering right now");
    expect(text).toContain("I'll keep trying");
    expect(text).not.toContain('no record');
  });

  it('deactivates the subscriptions of a chat that blocked the bot, and stops polling for it', async () => {
    const { rig, channel } = await start();
    await say(rig, alice, `/subscribe ${EMS_TO_UK}`);
    channel.mode = 'unreachable';
    await followFor(rig, 13, 13);
    expect(textOf((await say(rig, alice, '/list'))[0] ?? { blocks: [] })).toContain(
      "doesn't follow any parcels",
    );
    const lookups = hongkongLookups(rig);
    await followFor(rig, 48, 12);
    expect(hongkongLookups(rig)).toBe(lookups);
  });

  it('keeps what it could not send through a restart and sends it on start', async () => {
    const storeUrl = `sqlite://${join(dir, 'restart.sqlite')}`;
    const first = await start({ storeUrl });
    await say(first.rig, alice, `/subscribe ${EMS_TO_UK}`);
    first.channel.mode = 'fail';
    await followFor(first.rig, 13, 13);
    expect(first.channel.delivered).toHaveLength(0);
    await first.rig.close();
    rigs.splice(rigs.indexOf(first.rig), 1);

    const second = await start({ storeUrl, reuse: first.rig });
    await second.rig.engine.start();
    await second.rig.engine.idle();
    expect(second.channel.delivered).toHaveLength(1);
    expect(eventLines(second.channel.delivered[0]?.reply ?? { blocks: [] })).toHaveLength(1);
    // Sent once: a second start finds nothing left.
    await second.rig.engine.stop();
    const third = await start({ storeUrl, reuse: first.rig });
    await third.rig.engine.start();
    await third.rig.engine.idle();
    expect(third.channel.delivered).toHaveLength(0);
  });

  it('forgets a chat whole: subscriptions, settings and what was waiting to be sent', async () => {
    const { rig, channel } = await start();
    await say(rig, alice, `/subscribe ${EMS_TO_UK}`);
    channel.mode = 'fail';
    await followFor(rig, 13, 13);
    await say(rig, alice, '/updates milestones');
    const outbox = async () => {
      const entries: unknown[] = [];
      for await (const entry of rig.subscriptionStore.outbox()) entries.push(entry);
      return entries;
    };
    expect(await outbox()).toHaveLength(1);

    const [question] = await say(rig, alice, '/forget');
    const confirm = buttonActions(question ?? { blocks: [] })[0];
    if (confirm?.kind !== 'confirm') throw new Error('/forget asks no confirmation');
    expect(await outbox()).toHaveLength(1);
    const [confirmation] = await press(rig, alice, confirm);
    expect(textOf(confirmation ?? { blocks: [] })).toContain('deleted everything');
    expect(await outbox()).toEqual([]);
    expect(await rig.subscriptionStore.subscription(`telegram:${alice.id}`, EMS_TO_UK)).toBeUndefined();
    expect(await rig.subscriptionStore.watch(EMS_TO_UK)).toBeUndefined();
    expect(textOf((await say(rig, alice, '/updates'))[0] ?? { blocks: [] })).toContain('every new event');
    channel.mode = 'sent';
    await followFor(rig, 24, 6);
    expect(channel.delivered).toEqual([]);
  });

  it('keeps the per-chat and per-user-per-day limits with clear answers', async () => {
    const { rig } = await start({ bot: { limits: { perChat: 1, perUserPerDay: 2 } } });
    await say(rig, alice, `/subscribe ${EMS_TO_UK}`);
    const [refused] = await say(rig, alice, `/subscribe ${PARCEL_AWAITING_COLLECTION}`);
    expect(textOf(refused ?? { blocks: [] })).toContain('as many parcels as it can');
    await say(rig, family, `/subscribe ${PARCEL_AWAITING_COLLECTION}`);
    const [daily] = await say(rig, { ...family, id: '-303' }, `/subscribe ${NO_RECORD}`);
    expect(textOf(daily ?? { blocks: [] })).toContain('try again tomorrow');
  });
});

describe('several instances sharing Redis', () => {
  const url = testRedisUrl(6);

  it('poll each number once between them, and one takes over what another left', async () => {
    const redis = createClient({ url });
    await redis.connect();
    await redis.flushDb();
    try {
      const a = await start({ storeUrl: url });
      const b = await start({ storeUrl: url, reuse: a.rig });
      await say(a.rig, alice, `/subscribe ${EMS_TO_UK}`);
      await b.rig.engine.start();
      const before = hongkongLookups(a.rig);
      a.rig.clock.advance(13 * HOUR);
      await Promise.all([a.rig.engine.runDue(), b.rig.engine.runDue()]);
      expect(hongkongLookups(a.rig) - before).toBe(1);
      expect([...a.channel.delivered, ...b.channel.delivered]).toHaveLength(1);

      // Instance A stops for good: B polls the parcel A's chat subscribed through, and tells the chat.
      await a.rig.engine.stop();
      await followFor(b.rig, 4, 4);
      expect(b.channel.delivered.length + a.channel.delivered.length).toBe(2);
    } finally {
      await redis.flushDb();
      redis.destroy();
    }
  });
});
