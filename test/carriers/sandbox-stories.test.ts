import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import type { CarrierAdapter, TrackRequest } from '../../src/carriers/adapter.js';
import { fuuffySandboxEnv, startFuuffySandbox } from '../../src/carriers/fuuffy/sandbox.js';
import { SEED_PARCEL as FUUFFY_SEED } from '../../src/carriers/fuuffy/sandbox-parcels.js';
import {
  hongkongPostSandboxEnv,
  startHongkongPostSandbox,
} from '../../src/carriers/hongkong-post/sandbox.js';
import { SEED_DELIVERED } from '../../src/carriers/hongkong-post/sandbox-parcels.js';
import {
  NZPOST_SANDBOX_NUMBERS,
  nzPostSandboxEnv,
  startNzPostSandbox,
} from '../../src/carriers/nz-post/sandbox.js';
import { createAdapters } from '../../src/carriers/registry.js';
import type { SandboxServer, StoryEvent, StoryStage } from '../../src/carriers/sandbox-kit/sandbox-server.js';
import { startTrackingmoreSandbox, trackingmoreSandboxEnv } from '../../src/carriers/trackingmore/sandbox.js';
import { UPS_DELIVERED } from '../../src/carriers/trackingmore/sandbox-parcels.js';
import { loadConfig } from '../../src/config.js';
import type { CarrierId } from '../../src/domain/carrier.js';
import type { TrackOutcome } from '../../src/domain/outcome.js';
import type { ShipmentStatus } from '../../src/domain/shipment.js';
import type { TrackingNumber } from '../../src/domain/tracking-number.js';
import { createHttpClient, type HttpClient } from '../../src/http/http-client.js';
import { createLogger } from '../../src/logger.js';
import { createManualClock, type ManualClock } from '../../src/time/manual-clock.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

interface StoryCase {
  readonly id: 'hongkong-post' | 'nz-post' | 'fuuffy' | 'trackingmore';
  readonly carrier: CarrierId;
  readonly courierCode?: string;
  /** Numbers of the carrier's format: the story's, and one with no story. */
  readonly told: string;
  readonly untold: string;
  /** A scripted parcel's number, found when the sandbox plays its script. */
  readonly scripted: string;
  /** What the adapter reads each stage as (Hongkong Post has no "out for delivery"). */
  readonly reads: Readonly<Record<StoryStage, ShipmentStatus>>;
  start(
    clock: ManualClock,
    stories?: (n: string) => readonly StoryEvent[] | undefined,
  ): Promise<SandboxServer>;
  env(server: SandboxServer): Record<string, string>;
}

const AS_TOLD: Readonly<Record<StoryStage, ShipmentStatus>> = {
  info_received: 'info_received',
  in_transit: 'in_transit',
  out_for_delivery: 'out_for_delivery',
  delivered: 'delivered',
};

/** Back-to-back asks on a clock that stands still; the limits have their own tests. */
const LIMITS_OFF = { enforceLimits: false };

const CASES: readonly StoryCase[] = [
  {
    id: 'hongkong-post',
    carrier: 'hongkong-post',
    told: 'RR000000014HK',
    untold: 'RR000000028HK',
    scripted: SEED_DELIVERED,
    reads: {
      info_received: 'in_transit',
      in_transit: 'in_transit',
      out_for_delivery: 'in_transit',
      delivered: 'delivered',
    },
    start: (clock, stories) =>
      startHongkongPostSandbox({ clock, ...LIMITS_OFF, ...(stories ? { stories } : {}) }),
    env: (server) => hongkongPostSandboxEnv(server as Awaited<ReturnType<typeof startHongkongPostSandbox>>),
  },
  {
    id: 'nz-post',
    carrier: 'nz-post',
    told: '00942100000000123456',
    untold: '00942100000000654321',
    scripted: NZPOST_SANDBOX_NUMBERS.deliveredSigned,
    reads: AS_TOLD,
    start: (clock, stories) => startNzPostSandbox({ clock, ...LIMITS_OFF, ...(stories ? { stories } : {}) }),
    env: nzPostSandboxEnv,
  },
  {
    id: 'fuuffy',
    carrier: 'sf-express',
    told: 'SF1408420012345',
    untold: 'SF1408420054321',
    scripted: FUUFFY_SEED,
    reads: AS_TOLD,
    start: (clock, stories) => startFuuffySandbox({ clock, ...LIMITS_OFF, ...(stories ? { stories } : {}) }),
    env: fuuffySandboxEnv,
  },
  {
    id: 'trackingmore',
    carrier: 'ups',
    courierCode: 'ups',
    told: '1Z999AA10000000017',
    untold: '1Z999AA10000000025',
    scripted: UPS_DELIVERED.number,
    reads: { ...AS_TOLD, info_received: 'in_transit' },
    start: (clock, stories) =>
      startTrackingmoreSandbox({ clock, ...LIMITS_OFF, ...(stories ? { stories } : {}) }),
    env: (server) => trackingmoreSandboxEnv(server as Awaited<ReturnType<typeof startTrackingmoreSandbox>>),
  },
];

/** The story the sandboxes tell: two events before the start, two after it. */
function storyFrom(start: number): StoryEvent[] {
  return [
    { at: start - 5 * HOUR - 17_345, stage: 'info_received' },
    { at: start - HOUR + 42_001, stage: 'in_transit' },
    { at: start + HOUR, stage: 'out_for_delivery' },
    { at: start + 4 * HOUR + 30_000, stage: 'delivered' },
  ];
}

describe.each(CASES)('the $id sandbox told a story', (c) => {
  let clock: ManualClock;
  let server: SandboxServer;
  let http: HttpClient;
  let adapter: CarrierAdapter;
  let story: StoryEvent[];

  const open = async (stories?: (n: string) => readonly StoryEvent[] | undefined) => {
    server = await c.start(clock, stories);
    const config = loadConfig({ ...c.env(server), LOG_LEVEL: 'silent' });
    const logger = createLogger({ level: 'silent', pretty: false });
    const cache = createMemoryCache(clock);
    const [enabled] = (await createAdapters(config.carriers, { http, clock, logger, cache })).filter(
      (a) => a.adapter.id === c.id,
    );
    if (!enabled) throw new Error(`${c.id} is not configured by its sandbox's environment`);
    adapter = enabled.adapter;
  };
  const ask = async (number: string): Promise<TrackOutcome | undefined> => {
    const request: TrackRequest = {
      number: number as TrackingNumber,
      carrier: c.carrier,
      ...(c.courierCode ? { courierCode: c.courierCode } : {}),
    };
    return (await adapter.track([request], { locale: 'en' })).get(number);
  };
  /** Each event the adapter reads: its time to the minute, and its status. */
  const read = (outcome: TrackOutcome | undefined) =>
    outcome?.kind === 'found'
      ? outcome.shipment.events.map((e) => [Math.floor(Date.parse(e.time) / MINUTE), e.status])
      : outcome?.kind;
  const asTold = (events: readonly StoryEvent[]) =>
    events.map((e) => [Math.floor(e.at / MINUTE), c.reads[e.stage]]).reverse();

  beforeEach(() => {
    clock = createManualClock();
    http = createHttpClient();
    story = storyFrom(clock.now());
  });
  afterEach(async () => {
    await http.close();
    await server.close();
  });

  it('answers from the story up to its clock, in the carrier format the real adapter reads', async () => {
    await open((n) => (n === c.told ? story : undefined));
    expect(read(await ask(c.told))).toEqual(asTold(story.slice(0, 2)));
    // Asked further apart than TrackingMore's 2 hours, so its adapter asks again rather than answer from its cache.
    await clock.advance(3 * HOUR);
    expect(read(await ask(c.told))).toEqual(asTold(story.slice(0, 3)));
    await clock.advance(3 * HOUR);
    expect(read(await ask(c.told))).toEqual(asTold(story));
  });

  it('has no record of a number without a story, or whose story has not begun, nor of its scripted parcels', async () => {
    const later = story.slice(2);
    await open((n) => (n === c.told ? later : undefined));
    expect(read(await ask(c.told))).toBe('not_found');
    expect(read(await ask(c.untold))).toBe('not_found');
    expect(read(await ask(c.scripted))).toBe('not_found');
    await clock.advance(3 * HOUR);
    expect(read(await ask(c.told))).toEqual(asTold(later.slice(0, 1)));
  });

  it('plays its script when given no stories', async () => {
    await open();
    expect(read(await ask(c.scripted))).toEqual(expect.any(Array));
    expect(read(await ask(c.told))).toBe('not_found');
  });
});
