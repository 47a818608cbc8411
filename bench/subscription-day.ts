/**
 * The simulated day of the subscriptions suite: what the engine asked upstream beside a naive poller
 * (every number every 30 minutes, batched as fully as the queue would), what it told the chats, and how
 * late. The naive poller runs against the same model in the same run.
 */
import type { LaneLimits } from '../src/carriers/adapter.js';
import { ADAPTERS } from '../src/carriers/registry.js';
import type { AdapterId } from '../src/domain/carrier.js';
import { chatKey } from '../src/domain/chat.js';
import { printTable } from './measure.js';
import {
  BATCH_SIZE,
  countingTracking,
  eventKey,
  type ModelParcel,
  type UpstreamCount,
} from './parcel-model.js';
import type { PlannedSubscription } from './subscription-plan.js';
import type { Tally } from './subscription-rig.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The naive poller's interval. */
const NAIVE_EVERY_MS = 30 * MINUTE;

export interface DayFigures {
  readonly from: number;
  readonly to: number;
  readonly upstream: UpstreamCount;
  readonly naive: UpstreamCount;
  readonly tally: Tally;
  /** (chat, event) pairs: events that happened to followed parcels during the day, once per chat. */
  readonly happened: number;
  /** (chat, event) pairs a poll had seen that the chat was never told (must be 0). */
  readonly missed: number;
  /** Real time the simulation took. */
  readonly seconds: number;
}

export function dayFigures(run: {
  readonly parcels: readonly ModelParcel[];
  readonly plan: readonly PlannedSubscription[];
  readonly from: number;
  readonly to: number;
  readonly upstream: UpstreamCount;
  readonly lastAsked: ReadonlyMap<string, number>;
  /** `<chat key>|<event key>` of every event a chat was shown or told. */
  readonly seen: ReadonlySet<string>;
  readonly tally: Tally;
  readonly seconds: number;
}): DayFigures {
  const byNumber = new Map(run.parcels.map((p) => [p.number as string, p]));
  let happened = 0;
  let missed = 0;
  for (const s of run.plan) {
    const asked = run.lastAsked.get(s.number) ?? run.from;
    byNumber.get(s.number)?.eventTimes.forEach((t, i) => {
      if (t <= run.from || t > run.to) return;
      happened += 1;
      if (t <= asked && !run.seen.has(`${chatKey(s.chat)}|${eventKey(s.number, i)}`)) missed += 1;
    });
  }
  return {
    from: run.from,
    to: run.to,
    tally: run.tally,
    seconds: run.seconds,
    upstream: new Map(run.upstream),
    naive: naivePoller(run.parcels, run.from, run.to),
    happened,
    missed,
  };
}

/** Every number every {@link NAIVE_EVERY_MS} from `from` to `to`, each adapter's numbers in one call. */
function naivePoller(parcels: readonly ModelParcel[], from: number, to: number): UpstreamCount {
  let now = from;
  const tracking = countingTracking(parcels, { now: () => now, sleep: async () => undefined });
  const byAdapter = new Map<AdapterId, string[]>();
  for (const p of parcels) {
    const list = byAdapter.get(p.adapter) ?? [];
    list.push(p.number);
    byAdapter.set(p.adapter, list);
  }
  for (; now < to; now += NAIVE_EVERY_MS) {
    for (const numbers of byAdapter.values()) void tracking.trackNumbers(numbers, { locale: 'en' });
  }
  return tracking.upstream;
}

/** The most requests a day the adapter's declared limits allow (its spacing counted without latency). */
function requestsPerDay(limits: LaneLimits): number {
  const caps = [
    limits.dailyQuota?.limit,
    limits.rollingDayQuota,
    ...(limits.windows ?? []).map((w) => (w.limit * DAY) / w.windowMs),
    limits.minSpacingMs ? DAY / limits.minSpacingMs : undefined,
  ].filter((c): c is number => c !== undefined);
  return caps.length === 0 ? Number.POSITIVE_INFINITY : Math.floor(Math.min(...caps));
}

const n = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en') : '–');

export function printDay(day: DayFigures, backend: string): void {
  const hours = (day.to - day.from) / HOUR;
  console.log(
    `## Subscriptions: a simulated day on ${backend} (${hours} h from subscribing, scheduler run every 5 min)`,
  );
  const rows = ADAPTERS.map((a) => ({
    adapter: a.id as string,
    batch: String(BATCH_SIZE.get(a.id) ?? 1),
    postie: day.upstream.get(a.id) ?? { items: 0, requests: 0 },
    naive: day.naive.get(a.id) ?? { items: 0, requests: 0 },
    allows: requestsPerDay(a.limits),
  }));
  const sum = (pick: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + pick(r), 0);
  rows.push({
    adapter: 'all',
    batch: '',
    postie: { items: sum((r) => r.postie.items), requests: sum((r) => r.postie.requests) },
    naive: { items: sum((r) => r.naive.items), requests: sum((r) => r.naive.requests) },
    allows: Number.NaN,
  });
  printTable(
    [
      'adapter',
      'batch',
      'postie items',
      'postie requests',
      'naive items',
      'naive requests',
      'naive / postie',
      'limits allow/day',
    ],
    rows.map((r) => [
      r.adapter,
      r.batch,
      n(r.postie.items),
      n(r.postie.requests),
      n(r.naive.items),
      n(r.naive.requests),
      r.postie.requests > 0 ? `${(r.naive.requests / r.postie.requests).toFixed(1)}×` : '–',
      n(r.allows),
    ]),
  );
  const { tally } = day;
  const delays = [...tally.delays].sort((a, b) => a - b);
  const at = (q: number) => (delays[Math.min(delays.length - 1, Math.floor(q * delays.length))] ?? 0) / HOUR;
  console.log(
    `notifications: ${n(tally.messages)} messages, ${n(tally.parcels)} parcel updates, ${n(tally.events)} events told ` +
      `(${n(tally.endings)} end-of-following notices); events told twice: ${tally.twice}`,
  );
  console.log(
    `events that happened to followed parcels (counted per chat): ${n(day.happened)}; told: ${n(tally.events)}; ` +
      `not yet polled at the end of the day: ${n(day.happened - tally.events)}; ` +
      `seen by a poll but never told: ${n(day.missed)}`,
  );
  console.log(
    `event → notification: p50 ${at(0.5).toFixed(1)} h, p90 ${at(0.9).toFixed(1)} h, max ${at(1).toFixed(1)} h ` +
      `(naive: at most ${NAIVE_EVERY_MS / MINUTE} min)`,
  );
  const polled = [...day.upstream.values()].reduce((s, u) => s + u.items, 0);
  console.log(
    `simulating the day took ${day.seconds.toFixed(1)} s: ${n(polled / day.seconds)} numbers polled/s over all passes\n`,
  );
}
