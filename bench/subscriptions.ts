/**
 * The subscription engine at 100,000 subscriptions (40,000 chats, 60,000 numbers; `subscription-plan.ts`)
 * against the parcel model (`parcel-model.ts`), on a manual clock, on the embedded SQLite file and on
 * Redis:
 * 1. creating them through `subscribe` (64 at once, without the per-user daily counter): subscriptions/s,
 *    size on disk or in Redis, memory, and the time the engine takes to load every watch at start; on
 *    SQLite also the bytes written per subscription, beside node:sqlite upserting the same rows
 *    directly (`raw-sqlite.ts`);
 * 2. one scheduler pass over every number at once (their first poll), with the diff, the fan-out to
 *    each chat's outbox and the (instant) sending: numbers polled/s;
 * 3. a simulated day on Redis in 5-minute steps (`subscription-day.ts`): upstream items and requests
 *    beside a naive poller, the notifications sent, and how many events a chat was told twice (must be 0).
 *    On SQLite the day would take several minutes (its pass rate is in 2).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { chatKey } from '../src/domain/chat.js';
import { createManualClock } from '../src/time/manual-clock.js';
import type { TrackResult } from '../src/tracking/tracking-service.js';
import { startRedisServer } from '../test/helpers/redis-server.js';
import { formatRate, formatSeconds, MB, printTable, seededRandom } from './measure.js';
import { countingTracking, type ModelParcel, modelParcels } from './parcel-model.js';
import { ioSince, type ProcessIo, processIo } from './process-io.js';
import { type RawFigures, replayRaw } from './raw-sqlite.js';
import { type Backend, redisBackend, sqliteBackend } from './store-backends.js';
import { type DayFigures, dayFigures, printDay } from './subscription-day.js';
import { inPool, type PlannedSubscription, subscriptionPlan } from './subscription-plan.js';
import { benchEngine, openStores, tallyingChannel } from './subscription-rig.js';

const CHATS = 40_000;
const SUBSCRIPTIONS = 100_000;
const NUMBERS = 60_000;
/** Subscriptions being made at once (people subscribing at the same time). */
const CONCURRENCY = 64;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** 09:00 in Hong Kong. */
const START = Date.UTC(2026, 2, 2, 1, 0);

let gc: (() => void) | undefined;
/** Read after a full collection, so the heap shows what is kept, not garbage not yet collected. */
const heapMB = () => {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss: rss / MB, heap: heapUsed / MB };
};

interface StoreFigures {
  readonly backend: string;
  readonly createSeconds: number;
  /** What the process wrote while creating (undefined where it cannot be read). */
  readonly createIo: ProcessIo | undefined;
  /** The same rows written with node:sqlite directly, right after (the embedded store only). */
  readonly raw?: RawFigures;
  readonly refused: number;
  readonly stored: string;
  readonly rssMB: number;
  readonly heapMB: number;
  /** Heap of the benchmark's own data (model, plan, what each chat saw), before any store was opened. */
  readonly benchHeapMB: number;
  readonly scheduleMB: number;
  readonly startSeconds: number;
  readonly passPolled: number;
  readonly passSeconds: number;
  readonly passNotified: number;
}

export async function subscriptionsSuite(): Promise<void> {
  const parcels = modelParcels(NUMBERS, START, seededRandom(1));
  const numbers = parcels.map((p) => p.number);
  const plan = subscriptionPlan(CHATS, SUBSCRIPTIONS, numbers, seededRandom(2));
  const followers = new Map<string, number>();
  for (const s of plan) followers.set(s.number, (followers.get(s.number) ?? 0) + 1);
  console.log(
    `## Subscriptions: ${SUBSCRIPTIONS.toLocaleString('en')} subscriptions, ${CHATS.toLocaleString('en')} chats, ` +
      `${followers.size.toLocaleString('en')} numbers (up to ${Math.max(...followers.values())} chats on one), ` +
      `${CONCURRENCY} subscribing at once; instant in-process carriers, manual clock`,
  );

  const figures: StoreFigures[] = [];
  const sqlite = sqliteBackend(mkdtempSync(join(tmpdir(), 'postie-bench-')));
  figures.push((await runOn(sqlite, parcels, plan, false)).figures);
  let day: DayFigures | undefined;
  let dayOn = '';
  const server = await startRedisServer().catch((error: Error) => error);
  if (server instanceof Error) {
    console.log(
      `No Redis of the benchmark's own (${server.message}): its figures and the simulated day are skipped`,
    );
  } else {
    try {
      const redis = redisBackend(server.url);
      const ready = await redis.ready();
      if (ready !== true) throw new Error(`the benchmark's Redis did not answer: ${ready}`);
      const onRedis = await runOn(redis, parcels, plan, true);
      figures.push(onRedis.figures);
      day = onRedis.day;
      dayOn = redis.name;
    } finally {
      await server.stop();
    }
  }

  printTable(
    ['store', 'create', 'subscriptions/s', 'size', 'rss', 'heap', 'schedule', 'start (load watches)'],
    figures.map((f) => [
      f.backend,
      formatSeconds(f.createSeconds),
      formatRate(SUBSCRIPTIONS / f.createSeconds, '') + (f.refused > 0 ? ` (${f.refused} refused)` : ''),
      f.stored,
      `${f.rssMB.toFixed(0)} MB`,
      `${f.heapMB.toFixed(0)} MB (${f.benchHeapMB.toFixed(0)} MB bench data)`,
      `${f.scheduleMB.toFixed(1)} MB`,
      formatSeconds(f.startSeconds),
    ]),
  );
  console.log(
    'size: SQLite file + WAL, or Redis used_memory growth (in brackets: sampled MEMORY USAGE × keys). ' +
      'rss, heap: the process once the engine has loaded (heap after a full GC; bench data: the model, the plan ' +
      'and what each chat saw, held by the benchmark itself); schedule: what starting the engine added to the heap.\n',
  );

  console.log('## Subscriptions: one scheduler pass, every number due at once (their first poll, 30 min in)');
  printTable(
    ['store', 'numbers polled', 'pass', 'numbers/s', 'chats notified'],
    figures.map((f) => [
      f.backend,
      f.passPolled.toLocaleString('en'),
      formatSeconds(f.passSeconds),
      formatRate(f.passPolled / f.passSeconds, ''),
      f.passNotified.toLocaleString('en'),
    ]),
  );
  console.log(
    'A pass: poll → diff per chat → outbox → notifier → channel (which sends nothing) → outbox cleared.\n',
  );
  printCreationCost(figures);
  if (day) printDay(day, dayOn);
}

const perSubscription = (bytes: number | undefined, count: number) =>
  bytes === undefined ? '–' : `${(bytes / count / 1024).toFixed(1)} KB`;

/** What creating one subscription costs on SQLite, beside the raw node:sqlite insert of the same rows. */
function printCreationCost(figures: readonly StoreFigures[]): void {
  const sqlite = figures.find((f) => f.raw);
  if (!sqlite?.raw) return;
  const { raw } = sqlite;
  const storeRate = SUBSCRIPTIONS / sqlite.createSeconds;
  const rawRate = raw.subscriptions / raw.seconds;
  console.log(
    '## Subscriptions: creating one on SQLite, beside node:sqlite upserting the same rows (same run, same machine)',
  );
  printTable(
    ['writer', 'subscriptions/s', 'written', 'to storage', 'time vs raw', 'written vs raw'],
    [
      [
        sqlite.backend,
        formatRate(storeRate, ''),
        perSubscription(sqlite.createIo?.written, SUBSCRIPTIONS),
        perSubscription(sqlite.createIo?.toStorage, SUBSCRIPTIONS),
        `${(rawRate / storeRate).toFixed(1)}×`,
        sqlite.createIo && raw.io
          ? `${(sqlite.createIo.written / SUBSCRIPTIONS / (raw.io.written / raw.subscriptions)).toFixed(1)}×`
          : '–',
      ],
      [
        'raw node:sqlite',
        formatRate(rawRate, ''),
        perSubscription(raw.io?.written, raw.subscriptions),
        perSubscription(raw.io?.toStorage, raw.subscriptions),
        '1.0×',
        '1.0×',
      ],
    ],
  );
  console.log(
    'Per subscription. written: bytes handed to write() (database file and write-ahead log, checkpoints included; ' +
      'from /proc/self/io wchar); to storage: file pages dirtied (write_bytes; a page rewritten before it is flushed ' +
      'counts once). The store makes 64 at once through the engine (reads, limit check, validation, locks); the raw ' +
      'writer upserts the three rows each one leaves (chat index, subscription, watch) in one transaction, one after ' +
      'another.\n',
  );
}

async function runOn(
  backend: Backend,
  parcels: readonly ModelParcel[],
  plan: readonly PlannedSubscription[],
  simulateDay: boolean,
): Promise<{ figures: StoreFigures; day?: DayFigures }> {
  const clock = createManualClock(START);
  const tracking = countingTracking(parcels, clock);
  const shown = new Map<string, TrackResult>(
    parcels.map((p) => [p.number, tracking.answer(p.number, START)]),
  );
  /** What each chat knows: the timeline it was shown when subscribing. */
  const seen = new Set<string>();
  for (const s of plan) {
    const shipment = (shown.get(s.number) as TrackResult).outcome;
    if (shipment.kind === 'found')
      for (const e of shipment.shipment.events) seen.add(`${chatKey(s.chat)}|${e.key}`);
  }

  const benchHeap = heapMB().heap;
  await backend.mark();
  const first = await openStores(backend);
  // Subscribing as the bot does: the record, the watch, and the number's place in the poll schedule.
  const { renderer: r, channel: c } = tallyingChannel(clock, new Set());
  const subscribing = benchEngine({
    ...first,
    renderer: r,
    channel: c,
    tracking,
    clock,
    random: seededRandom(3),
  });
  let refused = 0;
  const ioBefore = processIo();
  let started = performance.now();
  await inPool(plan, CONCURRENCY, async (s) => {
    const result = await subscribing.subscriptions.subscribe({
      chat: s.chat,
      number: s.number,
      ...(s.label ? { label: s.label } : {}),
      locale: 'en',
      current: shown.get(s.number) as TrackResult,
    });
    if (result !== 'added') refused += 1;
  });
  const createSeconds = (performance.now() - started) / 1000;
  const createIo = ioSince(ioBefore);
  const stored = await backend.size();
  const raw = backend.baselinePath
    ? await replayRaw(backend.baselinePath, plan, first.store, backend.namespace)
    : undefined;
  // A restart: the engine loads what the store holds.
  await subscribing.stop();
  await first.close();

  const stores = await openStores(backend);
  const { renderer, channel, tally } = tallyingChannel(clock, seen);
  const engine = benchEngine({ ...stores, tracking, renderer, channel, clock, random: seededRandom(4) });
  const beforeStart = heapMB();
  started = performance.now();
  await engine.start();
  const startSeconds = (performance.now() - started) / 1000;
  const loaded = heapMB();

  tracking.reset();
  started = performance.now();
  await clock.advance(30 * MINUTE);
  await engine.runDue();
  const passSeconds = (performance.now() - started) / 1000;
  const passPolled = [...tracking.upstream.values()].reduce((sum, u) => sum + u.items, 0);
  const passNotified = tally.messages;

  let day: DayFigures | undefined;
  if (simulateDay) {
    for (let t = 30 * MINUTE; t < 24 * HOUR; t += 5 * MINUTE) {
      await clock.advance(5 * MINUTE);
      await engine.runDue();
    }
    const seconds = (performance.now() - started) / 1000;
    day = dayFigures({
      parcels,
      plan,
      from: START,
      to: clock.now(),
      upstream: tracking.upstream,
      lastAsked: tracking.lastAsked,
      seen,
      tally,
      seconds,
    });
  }
  await engine.stop();
  await stores.close();
  await backend.remove();
  return {
    figures: {
      backend: backend.name,
      createSeconds,
      createIo,
      ...(raw ? { raw } : {}),
      refused,
      stored,
      rssMB: loaded.rss,
      heapMB: loaded.heap,
      benchHeapMB: benchHeap,
      scheduleMB: loaded.heap - beforeStart.heap,
      startSeconds,
      passPolled,
      passSeconds,
      passNotified,
    },
    ...(day ? { day } : {}),
  };
}
