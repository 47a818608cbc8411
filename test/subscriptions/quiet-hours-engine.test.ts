import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { EMS_TO_UK } from '../../src/carriers/hongkong-post/sandbox-parcels.js';
import type { ChatRef } from '../../src/domain/chat.js';
import { clockTimeOf } from '../../src/domain/quiet-hours.js';
import { type BotRig, startBotRig } from '../helpers/bot-rig.js';
import { eventLines, recordingChannel, say, textOf } from './notifications-harness.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const alice: ChatRef = { platform: 'telegram', id: '101', kind: 'private' };

const dir = mkdtempSync(join(tmpdir(), 'postie-quiet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rigs: BotRig[] = [];
afterEach(async () => {
  for (const rig of rigs.splice(0).reverse()) await rig.close();
});

async function start(options: Parameters<typeof startBotRig>[0] = {}) {
  const rig = await startBotRig({ ...options, bot: { batchWindowMs: 0, random: () => 0.5 } });
  rigs.push(rig);
  const channel = recordingChannel();
  rig.engine.addChannel(channel);
  return { rig, channel };
}

/**
 * Quiet hours in UTC from a minute ago for 15 hours, on the rig's clock (real time moved on by the
 * tests): the parcel's next news, 13 hours on, falls inside; 15 hours on they have ended.
 */
async function quietFromNow(rig: BotRig, extra = '') {
  const minute = Math.floor((rig.clock.now() % (24 * HOUR)) / MINUTE);
  const from = (minute + 1439) % 1440;
  const to = (from + 15 * 60) % 1440;
  await say(rig, alice, '/timezone UTC');
  const [answer] = await say(rig, alice, `/quiet ${clockTimeOf(from)}-${clockTimeOf(to)} ${extra}`.trim());
  expect(textOf(answer ?? { blocks: [] })).toContain('Done. Quiet hours are');
}

describe('quiet hours end to end', () => {
  it('holds a poll’s news, and sends it at once when the chat turns quiet hours off', async () => {
    const { rig, channel } = await start();
    await say(rig, alice, `/subscribe ${EMS_TO_UK}`);
    await quietFromNow(rig);
    rig.clock.advance(13 * HOUR);
    expect(await rig.engine.runDue()).toBe(1);
    expect(channel.delivered).toEqual([]);

    await say(rig, alice, '/quiet off');
    await rig.engine.idle();
    expect(channel.delivered).toHaveLength(1);
    expect(eventLines(channel.delivered[0]?.reply ?? { blocks: [] })).toHaveLength(1);
  });

  it('keeps what it held through restarts and sends one digest at the first start after their end', async () => {
    const storeUrl = `sqlite://${join(dir, 'quiet.sqlite')}`;
    const first = await start({ storeUrl });
    await say(first.rig, alice, `/subscribe ${EMS_TO_UK}`);
    await quietFromNow(first.rig);
    first.rig.clock.advance(13 * HOUR);
    await first.rig.engine.runDue();
    expect(first.channel.delivered).toEqual([]);
    await first.rig.close();
    rigs.splice(rigs.indexOf(first.rig), 1);

    /** A new app on the same store, started as `postie start` starts it. */
    const restart = async () => {
      const next = await start({ storeUrl, reuse: first.rig });
      await next.rig.engine.start();
      await next.rig.engine.idle();
      await next.rig.engine.stop();
      return next.channel.delivered;
    };
    // Still inside quiet hours: held again.
    expect(await restart()).toEqual([]);
    // Down as they ended: the digest goes at the next start, once.
    first.rig.clock.advance(2 * HOUR);
    const [digest] = await restart();
    expect(textOf(digest?.reply ?? { blocks: [] })).toContain("News from this chat's quiet hours");
    expect(eventLines(digest?.reply ?? { blocks: [] })).toHaveLength(1);
    expect(await restart()).toEqual([]);
  });
});
