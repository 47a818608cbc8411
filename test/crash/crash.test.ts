import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@redis/client';
import { afterAll, describe, expect, it } from 'vitest';
import { EMS_TO_UK } from '../../src/carriers/hongkong-post/sandbox-parcels.js';
import { testRedisUrl } from '../helpers/test-redis.js';
import { COMMANDS, type CommandKind } from './crash-ledger.js';
import { type CrashChat, type CrashRig, startCrashRig } from './crash-rig.js';

/**
 * Crash safety with real processes, on a fixed schedule: Postie runs as a child process on the SQLite
 * or Redis store (`crash-rig.ts`), chats subscribe to a parcel and ask for help, and the child is
 * killed with SIGKILL at chosen moments: with a reply to a command on its way (recorded, not answered),
 * as commands arrive, with a carrier lookup on its way (a command's, then a poll's), with a notification
 * on its way, just after a notification went out, and with a command and notifications both under way.
 * Time moves only when the test moves it, so the schedule is the same on any machine.
 *
 * After every kill: every command sent is answered, pending in the store or unconfirmed at Telegram.
 * At the end: every command answered, every event after subscribing told (or counted) in every chat,
 * and nothing answered or told more often than once plus once per crash.
 */

const CHATS: readonly CrashChat[] = [
  ...Array.from({ length: 8 }, (_, i) => ({ id: 9100 + i, group: false })),
  ...Array.from({ length: 4 }, (_, i) => ({ id: -9200 - i, group: true })),
];
/** The parcel's events after the chats subscribe: arrived, customs, released, at the office, delivered. */
const LATER_EVENTS = 5;
const CHILD = { args: ['--import', 'tsx', join(import.meta.dirname, 'postie-process.ts')] };
const HOUR_MS = 3_600_000;

const dir = mkdtempSync(join(tmpdir(), 'postie-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const allAnswered = (rig: CrashRig) =>
  CHATS.every((chat) => Object.values(rig.ledger.commands(chat.id)).every((c) => c.answered >= c.sent));
const allDelivered = (rig: CrashRig) => CHATS.every((chat) => rig.ledger.events(chat.id).delivered);
/** Messages the fake has delivered: counted before the answer to the sendMessage call is written. */
const botMessages = (rig: CrashRig) => rig.fake.state.messages.filter((m) => m.fromBot).length;

/** Kills Postie once `check` holds (moving time until then), and starts it again. */
async function killWhen(rig: CrashRig, check: () => boolean, stepMs?: number): Promise<void> {
  await rig.moveUntil(check, stepMs === undefined ? {} : { stepMs });
  await rig.kill();
  await rig.start();
}

async function crashRun(storeUrl: string): Promise<CrashRig> {
  const rig = await startCrashRig(CHATS, { storeUrl, child: CHILD });
  const hongkong = rig.sandboxes.servers['hongkong-post'];
  const lookups = () => hongkong.requests.filter((r) => r.path.includes('mailTracking')).length;
  try {
    await rig.start();
    // 1. A command's carrier lookup on its way.
    hongkong.faults.inject({ kind: 'hang' }, { times: 1, path: 'mailTracking' });
    for (const chat of CHATS.slice(0, 4)) rig.say(chat, `/subscribe ${EMS_TO_UK}`);
    await killWhen(rig, () => lookups() > 0, 1_000);
    hongkong.faults.clear();
    // 2. A reply on its way: the commands are recorded, the first answer sent never arrives.
    rig.fake.hangNext('sendMessage');
    for (const chat of CHATS.slice(4, 8)) rig.say(chat, `/subscribe ${EMS_TO_UK}`);
    await killWhen(rig, () => rig.fake.hanging > 0, 1_000);
    // 3. Commands arriving: killed before it can take them.
    for (const chat of CHATS.slice(8)) rig.say(chat, `/subscribe ${EMS_TO_UK}`);
    rig.say(CHATS[0] as CrashChat, '/help');
    await killWhen(rig, () => true);
    // Waits that end at the latest when the time is up; what is missing then is what the assertions name.
    await rig.moveUntil(() => allAnswered(rig), { stepMs: 1_000 }).catch(() => undefined);

    // 4. A poll on its way, once the parcel has moved (12 h after the start).
    await rig.moveUntil(() => rig.clock.now() >= rig.startedAt + 12 * HOUR_MS, { stepMs: HOUR_MS });
    hongkong.faults.inject({ kind: 'hang' }, { times: 1, path: 'mailTracking' });
    const polled = lookups();
    await killWhen(rig, () => lookups() > polled);
    hongkong.faults.clear();
    // 5. A notification on its way.
    rig.fake.hangNext('sendMessage');
    await killWhen(rig, () => rig.fake.hanging > 0);
    // 6. Just after a notification went out, before the outbox could be cleared.
    const sent = botMessages(rig);
    await killWhen(rig, () => botMessages(rig) > sent);
    // 7. A command taken and notifications on their way (the next events come at 14 h and 20 h).
    const start = rig.say(CHATS[9] as CrashChat, '/start');
    rig.fake.hangNext('sendMessage', 2);
    const taken = () => !rig.fake.unconfirmed().some((u) => u.update_id === start.update_id);
    await killWhen(rig, () => rig.fake.hanging > 1 && taken());
    await rig
      .moveUntil(() => allDelivered(rig) && allAnswered(rig), { stepMs: 30 * 60_000 })
      .catch(() => undefined);
    return rig;
  } catch (error) {
    await rig.close();
    throw error;
  }
}

function expectCrashSafe(rig: CrashRig) {
  expect(rig.kills).toBe(7);
  expect(rig.breaches, 'after every kill, each command answered, pending or unconfirmed').toEqual([]);
  for (const chat of CHATS) {
    const commands = rig.ledger.commands(chat.id);
    for (const kind of Object.keys(COMMANDS) as CommandKind[]) {
      const { sent, answered } = commands[kind];
      expect(answered, `chat ${chat.id} /${kind}: answered`).toBeGreaterThanOrEqual(sent);
      expect(answered - sent, `chat ${chat.id} /${kind}: at most one repeat per crash`).toBeLessThanOrEqual(
        rig.kills,
      );
    }
    const events = rig.ledger.events(chat.id);
    expect(events.delivered, `chat ${chat.id} heard of the delivery`).toBe(true);
    expect(
      events.told.size + events.counted,
      `chat ${chat.id}: every later event told`,
    ).toBeGreaterThanOrEqual(LATER_EVENTS);
    const repeats = [...events.told.values()].reduce((sum, n) => sum + n - 1, 0);
    expect(repeats, `chat ${chat.id}: at most one repeat per crash`).toBeLessThanOrEqual(rig.kills);
  }
}

describe('crash safety with real processes (SIGKILL on a fixed schedule)', () => {
  it('loses nothing and repeats nothing beyond the bound on the embedded SQLite store', async () => {
    const rig = await crashRun(`sqlite://${join(dir, 'crash.sqlite')}`);
    try {
      expectCrashSafe(rig);
    } finally {
      await rig.close();
    }
  }, 180_000);

  it('loses nothing and repeats nothing beyond the bound on the shared Redis store', async () => {
    // A database of its own on the run's own Redis, emptied before and after.
    const url = testRedisUrl(7);
    const redis = createClient({ url });
    await redis.connect();
    await redis.flushDb();
    try {
      const rig = await crashRun(url);
      try {
        expectCrashSafe(rig);
      } finally {
        await rig.close();
      }
    } finally {
      await redis.flushDb();
      redis.destroy();
    }
  }, 180_000);
});
