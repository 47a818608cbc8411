import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import type { CarrierAdapter, LaneLimits, TrackRequest } from '../../src/carriers/adapter.js';
import type { AdapterId } from '../../src/domain/carrier.js';
import { CarrierError } from '../../src/domain/carrier-error.js';
import type { TrackOutcome } from '../../src/domain/outcome.js';
import type { TrackingNumber } from '../../src/domain/tracking-number.js';
import { counterStoreOn } from '../../src/queue/counter-store.js';
import { createTrackingQueue } from '../../src/queue/tracking-queue.js';
import { createManualClock, type ManualClock } from '../../src/time/manual-clock.js';
import { captureLogger } from '../helpers/capture-logger.js';

const START = Date.UTC(2026, 0, 1, 12); // 20:00 in Hong Kong

/** An adapter that records every call and answers `found`, unless a scripted failure is next. */
function fakeAdapter(clock: ManualClock, id: AdapterId = 'hongkong-post') {
  const calls: { at: number; numbers: string[]; locale: string }[] = [];
  const failures: CarrierError[] = [];
  /** How long each call takes to reach the carrier, by the clock (one entry per call, 0 when none left). */
  const transits: number[] = [];
  /** When each call reached the carrier. */
  const arrivals: number[] = [];
  /** How long each call then takes to be answered, by the clock (one entry per call, 0 when none left). */
  const delays: number[] = [];
  /** Numbers the carrier cannot read: a batch holding one is refused whole, one asked alone is refused. */
  const unreadable = new Set<string>();
  const adapter: CarrierAdapter = {
    id,
    async track(requests, context) {
      calls.push({ at: clock.now(), numbers: requests.map((r) => r.number), locale: context.locale });
      await clock.sleep(transits.shift() ?? 0);
      arrivals.push(clock.now());
      await clock.sleep(delays.shift() ?? 0);
      const failure = failures.shift();
      if (failure) throw failure;
      const bad = requests.filter((r) => unreadable.has(r.number));
      if (bad.length > 0 && requests.length > 1)
        throw new CarrierError(id, 'invalid_number', 'invalid input', { batchRefused: true });
      if (bad.length > 0)
        return new Map([
          [bad[0]?.number as string, { kind: 'failed', error: new CarrierError(id, 'invalid_number', 'no') }],
        ]);
      const found = (r: TrackRequest): TrackOutcome => ({
        kind: 'found',
        shipment: {
          number: r.number,
          carrier: r.carrier,
          adapter: id,
          status: 'in_transit',
          events: [],
          fetchedAt: new Date(clock.now()).toISOString(),
        },
      });
      return new Map(requests.map((r) => [r.number, found(r)]));
    },
  };
  return { adapter, calls, failures, transits, arrivals, delays, unreadable };
}

const LIMITS: LaneLimits = {
  concurrency: 1,
  batchSize: 1,
  batchWindowMs: 0,
  requestTimeoutMs: 1000,
  cacheTtlMs: 60_000,
};

function setup(
  limits: Partial<LaneLimits> = {},
  {
    counters = counterStoreOn(createMemoryCache(createManualClock())),
    clock = createManualClock(START),
  } = {},
) {
  const fake = fakeAdapter(clock);
  const queue = createTrackingQueue({
    adapters: [{ adapter: fake.adapter, limits: { ...LIMITS, ...limits } }],
    clock,
    random: () => 0.5,
    cache: createMemoryCache(clock),
    counters,
    logger: captureLogger().logger,
  });
  const lookup = (
    number: string,
    priority: 'interactive' | 'background' = 'background',
    locale: 'en' | 'zh-HK' = 'en',
  ) =>
    queue.lookup(
      'hongkong-post',
      { number: number as TrackingNumber, carrier: 'hongkong-post' },
      { priority, locale },
    );
  return { clock, queue, lookup, ...fake };
}

/** Lets the lane's loop run up to its next sleep (no I/O here: a few turns of the event loop). */
const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
};

/** Moves the clock on in `step`s until `done` settles, letting the lane run between steps (no I/O here). */
async function drive(clock: ManualClock, done: Promise<unknown>, step = 10): Promise<void> {
  let settled = false;
  void done.finally(() => {
    settled = true;
  });
  while (!settled) {
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    if (!settled) await clock.advance(step);
  }
}

/** The most arrivals in any 1-second window `[t, t + 1000)`, calendar seconds included. */
function busiestSecond(arrivals: readonly number[]): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] as number) - (sorted[j] as number) >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

async function runFor(clock: ManualClock, ms: number, step = 10): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    await settle();
    await clock.advance(step);
  }
  await settle();
}

describe('tracking queue', () => {
  it('spaces requests by the lane’s least spacing, counted from the end of the previous one', async () => {
    const { clock, lookup, calls, delays } = setup({ minSpacingMs: 110, concurrency: 4 });
    delays.push(0, 40, 0, 0);
    const all = Promise.all(['A1', 'A2', 'A3', 'A4'].map((n) => lookup(n)));
    await runFor(clock, 600);
    await all;
    // The second request takes 40 ms (a login, a slow network): the third waits 110 ms after it ends.
    expect(calls.map((c) => c.at - START)).toEqual([0, 110, 260, 370]);
  });

  it('fills batches up to the batch size after the batch window', async () => {
    const { clock, lookup, calls } = setup({ batchSize: 30, batchWindowMs: 50 });
    const numbers = Array.from({ length: 45 }, (_, i) => `N${i}`);
    const all = Promise.all(numbers.map((n) => lookup(n)));
    await runFor(clock, 200);
    await all;
    expect(calls.map((c) => c.numbers.length)).toEqual([30, 15]);
    expect(calls[0]?.at).toBe(START);
    expect(calls[1]?.at).toBe(START + 50);
  });

  it('asks a batch refused for one of its items again in halves, until each number has its own answer', async () => {
    const { clock, lookup, calls, unreadable } = setup({
      batchSize: 30,
      batchWindowMs: 50,
      minSpacingMs: 110,
    });
    unreadable.add('N7');
    const numbers = Array.from({ length: 30 }, (_, i) => `N${i}`);
    const all = Promise.all(numbers.map((n) => lookup(n, 'interactive')));
    await runFor(clock, 3000, 50);
    const outcomes = await all;
    expect(outcomes.filter((o) => o.kind === 'found')).toHaveLength(29);
    const refused = outcomes[7];
    expect(refused?.kind === 'failed' && refused.error.code).toBe('invalid_number');
    // 30 → 15 → 8 → 4 → 2 → 1: the halves holding N7 are refused, every other half is answered.
    expect(calls.map((c) => c.numbers.length)).toEqual([30, 15, 8, 4, 4, 2, 2, 1, 1, 7, 15]);
  });

  it('keeps sliding windows', async () => {
    const { clock, lookup, calls } = setup({ concurrency: 5, windows: [{ limit: 3, windowMs: 1000 }] });
    const all = Promise.all(Array.from({ length: 7 }, (_, i) => lookup(`W${i}`)));
    await runFor(clock, 2500, 50);
    await all;
    expect(calls.map((c) => c.at - START)).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
  });

  it('never lets more calls arrive in a second than the window allows, when the first ones arrive late', async () => {
    // TrackingMore's 3 a second, concurrency 3; the first three calls take 30 ms to get there.
    const { clock, lookup, transits, arrivals } = setup({
      concurrency: 3,
      windows: [{ limit: 3, windowMs: 1000 }],
    });
    transits.push(30, 30, 30);
    const all = Promise.all(Array.from({ length: 12 }, (_, i) => lookup(`S${i}`)));
    await drive(clock, all);
    expect(arrivals).toHaveLength(12);
    expect(busiestSecond(arrivals)).toBeLessThanOrEqual(3);
  });

  it('never lets more calls arrive in any second than the window allows, whatever the network does', async () => {
    const timing = fc.record({ transit: fc.nat(600), answer: fc.nat(600) });
    await fc.assert(
      fc.asyncProperty(fc.array(timing, { minLength: 4, maxLength: 12 }), async (timings) => {
        const { clock, lookup, transits, delays, arrivals } = setup({
          concurrency: 3,
          windows: [{ limit: 3, windowMs: 1000 }],
        });
        transits.push(...timings.map((t) => t.transit));
        delays.push(...timings.map((t) => t.answer));
        await drive(clock, Promise.all(timings.map((_, i) => lookup(`P${i}`))));
        expect(busiestSecond(arrivals)).toBeLessThanOrEqual(3);
      }),
      { numRuns: 40 },
    );
  });

  it('stops at the daily quota until midnight in the carrier’s time zone, across restarts', async () => {
    const counters = counterStoreOn(createMemoryCache(createManualClock()));
    const first = setup({ dailyQuota: { limit: 2, timeZone: 'Asia/Hong_Kong' } }, { counters });
    await Promise.all([
      first.lookup('Q1', 'interactive'),
      first.lookup('Q2', 'interactive'),
      runFor(first.clock, 50),
    ]);
    expect(first.calls).toHaveLength(2);

    // A new process with the same counters: the day's two requests are already spent.
    const second = setup({ dailyQuota: { limit: 2, timeZone: 'Asia/Hong_Kong' } }, { counters });
    const third = second.lookup('Q3');
    await runFor(second.clock, 14_000_000, 500_000); // 20:00 → 23:53 in Hong Kong
    expect(second.calls).toHaveLength(0);
    await runFor(second.clock, 1_200_000, 60_000); // past 00:00 in Hong Kong (16:00 UTC)
    await third;
    expect(second.calls).toHaveLength(1);
    expect(second.calls[0]?.at).toBeGreaterThanOrEqual(Date.UTC(2026, 0, 1, 16));
  });

  it('never goes over the daily quota when another instance counts the last request after this one looked', async () => {
    const counters = counterStoreOn(createMemoryCache(createManualClock()));
    // The other instance counts the day's last request between this lane's first look at the quota and
    // its own count.
    let raced = false;
    const racing = {
      ...counters,
      async get(key: string) {
        const seen = await counters.get(key);
        if (!raced) await counters.increment(key, 1, 86_400_000);
        raced = true;
        return seen;
      },
    };
    const { clock, lookup, calls } = setup(
      { dailyQuota: { limit: 1, timeZone: 'Asia/Hong_Kong' } },
      { counters: racing },
    );
    const waiting = lookup('R1', 'interactive');
    await runFor(clock, 100);
    expect(calls).toHaveLength(0);
    expect(await counters.get(`quota:hongkong-post:day:2026-01-01`)).toBe(1);
    void waiting;
  });

  it('keeps a fifth of each daily quota for people: background stops at 80%, a person’s lookup still goes', async () => {
    const { clock, lookup, calls } = setup({
      dailyQuota: { limit: 10, timeZone: 'Asia/Hong_Kong' },
      rollingDayQuota: 10,
    });
    const background = Array.from({ length: 12 }, (_, i) => lookup(`B${i}`));
    await runFor(clock, 1000);
    expect(calls).toHaveLength(8);
    const person = lookup('P1', 'interactive');
    await runFor(clock, 100);
    expect((await person).kind).toBe('found');
    expect(calls.map((c) => c.numbers[0])).toContain('P1');
    expect(calls).toHaveLength(9);
    void background;
  });

  it('sends interactive lookups before queued background ones', async () => {
    const { clock, lookup, calls } = setup({ minSpacingMs: 110 });
    const background = Array.from({ length: 5 }, (_, i) => lookup(`B${i}`));
    await settle();
    const interactive = lookup('I1', 'interactive');
    await runFor(clock, 800);
    await Promise.all([...background, interactive]);
    expect(calls.map((c) => c.numbers[0])).toEqual(['B0', 'I1', 'B1', 'B2', 'B3', 'B4']);
  });

  it('shares one upstream call among identical lookups and serves the answer from cache', async () => {
    const { clock, lookup, calls } = setup();
    const many = Promise.all(Array.from({ length: 100 }, () => lookup('SAME', 'interactive')));
    await runFor(clock, 20);
    const outcomes = await many;
    expect(calls).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.kind))).toEqual(new Set(['found']));
    await lookup('SAME');
    expect(calls).toHaveLength(1);
    await clock.advance(60_001);
    await Promise.all([lookup('SAME'), runFor(clock, 20)]);
    expect(calls).toHaveLength(2);
  });

  it('keeps languages apart: the same number in two languages is two lookups', async () => {
    const { clock, lookup, calls } = setup({ batchSize: 30 });
    await Promise.all([
      lookup('L1', 'background', 'en'),
      lookup('L1', 'background', 'zh-HK'),
      runFor(clock, 50),
    ]);
    expect(calls.map((c) => c.locale).sort()).toEqual(['en', 'zh-HK']);
  });

  it('pauses the lane after "too many requests", as long as the carrier says or the lane’s default', async () => {
    const { clock, lookup, calls, failures } = setup({ pauseAfterRateLimitMs: 120_000 });
    failures.push(new CarrierError('hongkong-post', 'rate_limited', 'slow down'));
    const pending = lookup('R1');
    await runFor(clock, 119_000, 1000);
    expect(calls).toHaveLength(1);
    await runFor(clock, 2000, 100);
    expect((await pending).kind).toBe('found');
    expect(calls[1]?.at).toBe(START + 120_000);

    failures.push(new CarrierError('hongkong-post', 'rate_limited', 'slow down', { retryAfterMs: 5000 }));
    const next = lookup('R2');
    await runFor(clock, 6000, 100);
    expect((await next).kind).toBe('found');
    expect((calls[3]?.at ?? 0) - (calls[2]?.at ?? 0)).toBe(5000);
  });

  it('answers interactive lookups at once when the carrier pauses the lane, and keeps background ones', async () => {
    const { clock, lookup, calls, failures } = setup({ concurrency: 1, pauseAfterRateLimitMs: 120_000 });
    failures.push(new CarrierError('hongkong-post', 'rate_limited', 'slow down'));
    const asked = lookup('P1', 'interactive');
    const waiting = lookup('P2', 'interactive');
    const polled = lookup('P3', 'background');
    await runFor(clock, 100);
    // Neither person waits out the two minutes: they hear when to try again, now.
    for (const outcome of [await asked, await waiting]) {
      expect(outcome.kind === 'failed' && outcome.error.code).toBe('rate_limited');
      expect(outcome.kind === 'failed' && outcome.error.retryAfterMs).toBeGreaterThan(110_000);
    }
    const next = await lookup('P4', 'interactive');
    expect(next.kind === 'failed' && next.error.code).toBe('rate_limited');
    // Nor does a person asking for the number a poll is waiting to ask about.
    const same = await lookup('P3', 'interactive');
    expect(same.kind === 'failed' && same.error.code).toBe('rate_limited');
    expect(calls).toHaveLength(1);
    // The poll can wait: it goes when the pause ends.
    await runFor(clock, 121_000, 1000);
    expect((await polled).kind).toBe('found');
    expect(calls.map((c) => c.numbers[0])).toEqual(['P1', 'P3']);
  });

  it('caps how long a carrier’s hint may pause the lane', async () => {
    const { clock, lookup, calls, failures } = setup();
    failures.push(new CarrierError('hongkong-post', 'rate_limited', 'go away', { retryAfterMs: 1e12 }));
    const polled = lookup('C1');
    await runFor(clock, 15 * 60_000 + 20_000, 10_000);
    expect((await polled).kind).toBe('found');
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeLessThanOrEqual(15 * 60_000);
  });

  it('retries transient failures with backoff, and gives up after the attempts for its priority', async () => {
    const { clock, lookup, calls, failures } = setup();
    failures.push(new CarrierError('hongkong-post', 'unavailable', '503'));
    const retried = lookup('T1');
    await runFor(clock, 2000, 50);
    expect((await retried).kind).toBe('found');
    expect(calls).toHaveLength(2);

    failures.push(
      new CarrierError('hongkong-post', 'timeout', 'slow'),
      new CarrierError('hongkong-post', 'timeout', 'slow'),
    );
    const interactive = lookup('T2', 'interactive');
    await runFor(clock, 2000, 50);
    const outcome = await interactive;
    expect(outcome.kind === 'failed' && outcome.error.code).toBe('timeout');
  });

  it('does not retry errors that cannot get better', async () => {
    const { clock, lookup, calls, failures } = setup();
    failures.push(new CarrierError('hongkong-post', 'auth_failed', 'bad credentials'));
    const outcome = lookup('X1');
    await runFor(clock, 1000, 50);
    expect((await outcome).kind).toBe('failed');
    expect(calls).toHaveLength(1);
  });

  it('trips the breaker after repeated failures, answers fast while open, then tries again', async () => {
    const { clock, lookup, calls, failures } = setup({ concurrency: 1 });
    for (let i = 0; i < 5; i++) failures.push(new CarrierError('hongkong-post', 'unavailable', 'down'));
    const victims = Array.from({ length: 5 }, (_, i) => lookup(`D${i}`, 'interactive'));
    await runFor(clock, 5000, 50);
    await Promise.all(victims);
    const callsWhenOpened = calls.length;

    const fast = await lookup('D9', 'interactive');
    expect(fast.kind === 'failed' && fast.error.code).toBe('unavailable');
    expect(fast.kind === 'failed' && (fast.error.retryAfterMs ?? 0) > 0).toBe(true);
    expect(calls.length).toBe(callsWhenOpened);

    await clock.advance(30_000);
    const trial = lookup('D10', 'interactive');
    await runFor(clock, 100);
    expect((await trial).kind).toBe('found');
  });

  it('answers "busy" at once when an interactive lookup would wait too long', async () => {
    const { lookup } = setup({ minSpacingMs: 10_000 });
    const waiting = Array.from({ length: 3 }, (_, i) => lookup(`Z${i}`, 'interactive'));
    void waiting;
    await settle();
    const outcome = await lookup('Z9', 'interactive');
    expect(outcome.kind === 'failed' && outcome.error.code).toBe('busy');
    expect(outcome.kind === 'failed' && (outcome.error.retryAfterMs ?? 0)).toBeGreaterThan(20_000);
  });

  it('stops asking once the carrier says the quota is used up, without retrying', async () => {
    const { clock, lookup, calls, failures } = setup({ minSpacingMs: 110 });
    failures.push(
      new CarrierError('hongkong-post', 'quota_exhausted', 'daily limit', { retryAfterMs: 3_600_000 }),
    );
    const outcomes = Promise.all([lookup('Y1'), lookup('Y2'), lookup('Y3')]);
    await runFor(clock, 500);
    expect((await outcomes).map((o) => o.kind === 'failed' && o.error.code)).toEqual([
      'quota_exhausted',
      'quota_exhausted',
      'quota_exhausted',
    ]);
    expect(calls).toHaveLength(1);
    const later = await lookup('Y4', 'interactive');
    expect(later.kind === 'failed' && later.error.code).toBe('quota_exhausted');
  });
});

describe('the lane snapshot', () => {
  it('tells what waits by priority and for how long, what is in flight, each window and the quotas', async () => {
    const { clock, queue, lookup, delays } = setup({
      windows: [{ limit: 5, windowMs: 1000 }],
      dailyQuota: { limit: 100, timeZone: 'Asia/Hong_Kong' },
    });
    delays.push(500);
    const first = lookup('RB000000001HK', 'background');
    await settle();
    const waiting = [lookup('RB000000002HK', 'background'), lookup('RB000000003HK', 'interactive')];
    await settle();
    await clock.advance(200);
    expect(queue.stats('hongkong-post')).toMatchObject({
      waiting: { interactive: 1, background: 1 },
      inFlight: 1,
      breaker: 'closed',
      oldestWaitMs: { interactive: 200, background: 200 },
      windows: [{ limit: 5, windowMs: 1000, used: 1 }],
    });
    expect(await queue.usage('hongkong-post')).toEqual({ today: 1, rolling: 0 });
    await drive(clock, Promise.all([first, ...waiting]));
    expect(queue.stats('hongkong-post')).toMatchObject({
      waiting: { interactive: 0, background: 0 },
      inFlight: 0,
      oldestWaitMs: { interactive: 0, background: 0 },
    });
    expect(await queue.usage('hongkong-post')).toEqual({ today: 3, rolling: 0 });
  });
});
