/**
 * `npm run bench -- crash [--kills N]`: the crash soak. Postie runs as a child process (the compiled
 * `test/crash/postie-process.ts`) against the carrier sandboxes and a fake Bot API, on the embedded
 * SQLite store and on a Redis the benchmark starts, and is killed with SIGKILL at random moments, at
 * least N times on each (default 500), while chats send commands and a parcel moves to delivery.
 *
 * Runs follow one another, each with fresh chats, sandboxes and store: 12 chats subscribe to the parcel
 * (Postie killed now and then as they do), then, until the parcel is delivered, chats send /help and
 * /start and Postie is killed after a random real delay of up to 300 ms while time moves on. After
 * every kill the rig checks that every command is answered, pending in the store or unconfirmed at
 * Telegram (`crash-rig.ts`); at the end of a run, what every chat heard is counted.
 *
 * Figures per store: kills, commands sent, commands lost at a kill, duplicated replies, commands left
 * unanswered at the end, events lost (not told in some chat) and repeated, the most repeats one chat
 * heard in one run against that run's kills, and the wall time with the time per kill.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMS_TO_UK } from '../src/carriers/hongkong-post/sandbox-parcels.js';
import { connectRedis } from '../src/store/redis-connection.js';
import { type CrashChat, type CrashRig, startCrashRig } from '../test/crash/crash-rig.js';
import { startRedisServer } from '../test/helpers/redis-server.js';
import { formatSeconds, printTable, seededRandom } from './measure.js';

const CHATS: readonly CrashChat[] = [
  ...Array.from({ length: 8 }, (_, i) => ({ id: 9100 + i, group: false })),
  ...Array.from({ length: 4 }, (_, i) => ({ id: -9200 - i, group: true })),
];
/** The parcel's events after the chats subscribe (arrived, customs, released, at the office, delivered). */
const LATER_EVENTS = 5;
/** Kills per run: about one every 75 minutes of the parcel's 31 hours. */
const KILLS_PER_RUN = 25;
const CHILD = { args: [join(import.meta.dirname, '..', 'test', 'crash', 'postie-process.js')] };

interface Figures {
  kills: number;
  runs: number;
  commands: number;
  lost: number;
  duplicated: number;
  unanswered: number;
  eventsLost: number;
  eventsRepeated: number;
  /** The most repeats (answers and events) one chat heard in one run, and that run's kills. */
  worstRepeats: { repeats: number; kills: number };
  seconds: number;
}

const answered = (rig: CrashRig) =>
  CHATS.every((chat) => Object.values(rig.ledger.commands(chat.id)).every((c) => c.answered >= c.sent));
const delivered = (rig: CrashRig) => CHATS.every((chat) => rig.ledger.events(chat.id).delivered);

/** Moves time on for `ms` real milliseconds, then kills Postie and starts it again. */
async function killAfter(rig: CrashRig, ms: number): Promise<void> {
  const until = performance.now() + ms;
  await rig.moveUntil(() => performance.now() >= until, { stepMs: 5 * 60_000 });
  await rig.kill();
  await rig.start();
}

async function soakRun(storeUrl: string, seed: number, figures: Figures): Promise<void> {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const rig = await startCrashRig(CHATS, { storeUrl, child: CHILD, logLevel: 'error' });
  try {
    await rig.start();
    // Subscribing, with a kill after each few chats.
    for (const [i, chat] of CHATS.entries()) {
      rig.say(chat, `/subscribe ${EMS_TO_UK}`);
      if (i % 4 === 3) await killAfter(rig, random() * 300);
    }
    await rig.moveUntil(() => answered(rig), { stepMs: 1_000 }).catch(() => undefined);
    // Until the parcel is delivered: commands and kills at random moments.
    while (rig.kills < KILLS_PER_RUN) {
      const commands = Math.floor(random() * 4);
      for (let c = 0; c < commands; c++) rig.say(pick(CHATS), pick(['/help', '/start']));
      await killAfter(rig, random() * 300);
    }
    await rig.moveUntil(() => delivered(rig) && answered(rig), { timeoutMs: 120_000 }).catch(() => undefined);
    count(rig, figures);
  } finally {
    await rig.close();
  }
}

function count(rig: CrashRig, figures: Figures): void {
  figures.runs += 1;
  figures.kills += rig.kills;
  figures.lost += rig.breaches.length;
  for (const chat of CHATS) {
    let repeats = 0;
    for (const { sent, answered: got } of Object.values(rig.ledger.commands(chat.id))) {
      figures.commands += sent;
      figures.duplicated += Math.max(0, got - sent);
      figures.unanswered += Math.max(0, sent - got);
      repeats += Math.max(0, got - sent);
    }
    const events = rig.ledger.events(chat.id);
    figures.eventsLost += Math.max(0, LATER_EVENTS - events.told.size - events.counted);
    const eventRepeats = [...events.told.values()].reduce((sum, n) => sum + n - 1, 0);
    figures.eventsRepeated += eventRepeats;
    repeats += eventRepeats;
    if (repeats > figures.worstRepeats.repeats) figures.worstRepeats = { repeats, kills: rig.kills };
  }
}

async function soak(
  label: string,
  urlOf: (run: number) => Promise<string>,
  targetKills: number,
): Promise<Figures> {
  const figures: Figures = {
    kills: 0,
    runs: 0,
    commands: 0,
    lost: 0,
    duplicated: 0,
    unanswered: 0,
    eventsLost: 0,
    eventsRepeated: 0,
    worstRepeats: { repeats: 0, kills: 0 },
    seconds: 0,
  };
  const started = performance.now();
  while (figures.kills < targetKills) {
    await soakRun(await urlOf(figures.runs), 20261124 + figures.runs, figures);
    console.log(`  ${label}: run ${figures.runs}, ${figures.kills} kills so far`);
  }
  figures.seconds = (performance.now() - started) / 1000;
  return figures;
}

/** `--kills N` from the command line. @defaultValue 500 */
function targetKills(): number {
  const at = process.argv.indexOf('--kills');
  const value = at === -1 ? 500 : Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error('--kills takes a whole number of kills');
  return value;
}

/** The Redis database at `url`, emptied (the benchmark's own server: nobody else's data). */
async function emptied(url: string): Promise<string> {
  const connection = connectRedis(url);
  await connection.ready(AbortSignal.timeout(10_000));
  await connection.client.flushDb();
  await connection.close();
  return url;
}

export async function crashSuite(): Promise<void> {
  const kills = targetKills();
  console.log(
    `\n## Crash soak: at least ${kills} SIGKILLs on SQLite and on Redis, ${CHATS.length} chats a run`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'postie-crash-soak-'));
  const redis = await startRedisServer();
  try {
    const results = [
      ['SQLite', await soak('SQLite', async (run) => `sqlite://${join(dir, `run-${run}.sqlite`)}`, kills)],
      ['Redis', await soak('Redis', () => emptied(`${redis.url}/1`), kills)],
    ] as const;
    printTable(
      [
        'store',
        'kills',
        'runs',
        'commands',
        'lost',
        'duplicated',
        'unanswered',
        'events lost',
        'events repeated',
        'worst repeats (kills)',
        'wall',
        'per kill',
      ],
      results.map(([name, f]) => [
        name,
        String(f.kills),
        String(f.runs),
        String(f.commands),
        String(f.lost),
        String(f.duplicated),
        String(f.unanswered),
        String(f.eventsLost),
        String(f.eventsRepeated),
        `${f.worstRepeats.repeats} (${f.worstRepeats.kills})`,
        formatSeconds(f.seconds),
        formatSeconds(f.seconds / f.kills),
      ]),
    );
  } finally {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
