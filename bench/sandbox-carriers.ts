/**
 * The real lookup path against the carrier sandboxes, for the real-time freshness benchmark: the four
 * sandboxes on loopback (free ports), each answering from the parcel model as its story source
 * (`StorySource`: each number's events up to the sandbox clock's now, written in the carrier's own
 * format) with its limits enforced, and the real adapters (HTTP through undici), queue, lanes and
 * tracking service configured to them by the environment the sandboxes give, as `postie demo` does
 * (its caches and quota counters in memory by the bench clock, as in the model run).
 *
 * Every parcel's first answer (what a chat saw when it subscribed) is asked of the sandboxes before the
 * clock starts, with their limits off, so the subscriptions start from the adapters' own events. From
 * then on the sandboxes count what they received: tracking calls (with their items), calls refused
 * for breaking the carrier's limits, NZ Post's queued calls and TrackingMore's fetches of a shipment
 * within 2 hours of the last.
 */
import { createMemoryCache } from '../src/cache/memory-cache.js';
import type { CarrierAdapter, TrackRequest } from '../src/carriers/adapter.js';
import { fuuffySandboxEnv, startFuuffySandbox } from '../src/carriers/fuuffy/sandbox.js';
import { MAIL_TRACKING_PATH } from '../src/carriers/hongkong-post/client.js';
import {
  hongkongPostSandboxEnv,
  SANDBOX_PREFIX,
  startHongkongPostSandbox,
} from '../src/carriers/hongkong-post/sandbox.js';
import { nzPostSandboxEnv, startNzPostSandbox } from '../src/carriers/nz-post/sandbox.js';
import { ADAPTERS, createAdapters } from '../src/carriers/registry.js';
import { routesFor } from '../src/carriers/routing.js';
import type {
  SandboxRequest,
  SandboxServer,
  StoryEvent,
} from '../src/carriers/sandbox-kit/sandbox-server.js';
import { startTrackingmoreSandbox, trackingmoreSandboxEnv } from '../src/carriers/trackingmore/sandbox.js';
import { loadConfig } from '../src/config.js';
import { createDetector } from '../src/detect/detector.js';
import type { AdapterId } from '../src/domain/carrier.js';
import type { TrackOutcome } from '../src/domain/outcome.js';
import type { TrackingEvent } from '../src/domain/shipment.js';
import { createExtractor } from '../src/extract/extractor.js';
import { createHttpClient } from '../src/http/http-client.js';
import { createLogger } from '../src/logger.js';
import { counterStoreOn } from '../src/queue/counter-store.js';
import { createTrackingQueue } from '../src/queue/tracking-queue.js';
import type { Clock } from '../src/time/clock.js';
import {
  createTrackingService,
  type TrackingService,
  type TrackResult,
} from '../src/tracking/tracking-service.js';
import { seededRandom } from './measure.js';
import { eventKey, type ModelParcel, statusAt } from './parcel-model.js';

const MINUTE = 60_000;
/** Room for every number's cached answer at the largest population run (200,000). */
const CACHE_ENTRIES = 1_000_000;

/** What one carrier was asked, as its sandbox (or model carrier) counted it. */
export interface CarrierCounts {
  /** Arrival time and item count of every tracking call. */
  readonly calls: readonly { readonly at: number; readonly items: number }[];
  /** Calls refused for breaking the carrier's limits. */
  readonly refused: number;
  /** NZ Post: calls over its rate held in its queue (it queues rather than refuses). */
  readonly queued?: number;
  /** TrackingMore: fetches of a shipment within 2 hours of its last. */
  readonly repeats: number;
}

export interface SandboxCarriers {
  readonly tracking: TrackingService;
  /** The answer a chat saw when it subscribed (asked at the start). */
  shown(number: string): TrackResult;
  /** The model's key (`eventKey`) of an event an adapter reported for `number`. */
  keyOf(number: string, event: TrackingEvent): string;
  /** What each sandbox counted since the start. */
  counts(): ReadonlyMap<AdapterId, CarrierCounts>;
  close(): Promise<void>;
}

/** Each number's story: the model's events, in the stages every sandbox can write. */
function storiesOf(parcels: readonly ModelParcel[]): Map<string, readonly StoryEvent[]> {
  return new Map(
    parcels.map((p) => [
      p.number as string,
      p.eventTimes.map((at, i) => ({ at, stage: statusAt(i, p.eventTimes.length) })),
    ]),
  );
}

/** `<number>@<minute>`: carriers write event times to the minute or the second, never finer. */
const minuteKey = (number: string, at: number) => `${number}@${Math.floor(at / MINUTE)}`;

/** How many numbers a request to each sandbox asks about: 0 for anything but a tracking call. */
const hongkongPostItems = (r: SandboxRequest) =>
  r.path === `${SANDBOX_PREFIX}${MAIL_TRACKING_PATH}`
    ? (JSON.parse(r.body) as { itemNo: [] }).itemNo.length
    : 0;
const nzPostItems = (r: SandboxRequest) => (r.path.startsWith('/parceltrack/3.0/parcels/') ? 1 : 0);
const fuuffyItems = (r: SandboxRequest) => (r.path.startsWith('/v1/tracking/get') ? 1 : 0);
const trackingmoreItems = (r: SandboxRequest) => (r.path === '/v2/trackings/realtime' ? 1 : 0);

export async function sandboxCarriers(
  parcels: readonly ModelParcel[],
  clock: Clock,
): Promise<SandboxCarriers> {
  const stories = storiesOf(parcels);
  const source = { clock, stories: (n: string) => stories.get(n), enforceLimits: false };
  const hongkongPost = await startHongkongPostSandbox(source);
  const nzPost = await startNzPostSandbox(source);
  const fuuffy = await startFuuffySandbox(source);
  // Enough credits for any run (a realtime call costs one).
  const trackingmore = await startTrackingmoreSandbox({ ...source, balance: 1e9 });
  const env = {
    ...hongkongPostSandboxEnv(hongkongPost),
    ...nzPostSandboxEnv(nzPost),
    ...fuuffySandboxEnv(fuuffy),
    ...trackingmoreSandboxEnv(trackingmore),
  };
  const logger = createLogger({ level: 'silent', pretty: false });
  const http = createHttpClient();
  // Caches and quota counters that expire by the bench clock, as the model run's do (the store's
  // expire by the wall clock, which a scaled clock outruns).
  const enabled = await createAdapters(loadConfig({ ...env, LOG_LEVEL: 'silent' }).carriers, {
    http,
    clock,
    logger,
    cache: createMemoryCache(clock, CACHE_ENTRIES),
  });
  const adapters = new Map(enabled.map((a) => [a.adapter.id, a.adapter]));
  const queue = createTrackingQueue({
    adapters: enabled,
    clock,
    random: seededRandom(7),
    cache: createMemoryCache(clock, CACHE_ENTRIES),
    counters: counterStoreOn(createMemoryCache(clock, CACHE_ENTRIES)),
    logger,
  });
  const detector = createDetector();
  const tracking = createTrackingService({
    extractor: createExtractor({ matcher: detector.matcher }),
    detector,
    queue,
    enabledAdapters: new Set(adapters.keys()),
  });

  const shown = await firstAnswers(parcels, adapters);
  hongkongPost.setEnforceLimits(true);
  nzPost.setEnforceLimits(true);
  fuuffy.enforceLimits(true);
  trackingmore.setEnforceLimits(true);
  const servers: readonly {
    readonly id: AdapterId;
    readonly server: SandboxServer;
    readonly items: (request: SandboxRequest) => number;
    readonly refused: () => number;
    readonly queued?: () => number;
    readonly repeats?: () => number;
  }[] = [
    {
      id: 'hongkong-post',
      server: hongkongPost,
      items: hongkongPostItems,
      refused: () => hongkongPost.refused,
    },
    {
      id: 'nz-post',
      server: nzPost,
      items: nzPostItems,
      refused: () => nzPost.refused,
      queued: () => nzPost.queued,
    },
    { id: 'fuuffy', server: fuuffy, items: fuuffyItems, refused: () => fuuffy.refused },
    {
      id: 'trackingmore',
      server: trackingmore,
      items: trackingmoreItems,
      refused: () => trackingmore.rateLimited,
      repeats: () => trackingmore.repeats,
    },
  ];
  const from = new Map(servers.map(({ id, server }) => [id, server.requests.length]));

  const modelKeys = new Map<string, string>();
  for (const p of parcels)
    for (const [i, at] of p.eventTimes.entries())
      modelKeys.set(minuteKey(p.number, at), eventKey(p.number, i));

  return {
    tracking,
    shown(number) {
      const result = shown.get(number);
      if (!result) throw new Error(`no first answer for ${number}`);
      return result;
    },
    keyOf(number, event) {
      const key = modelKeys.get(minuteKey(number, Date.parse(event.time)));
      if (!key) throw new Error(`${number}: an event at ${event.time} the model does not have`);
      return key;
    },
    counts() {
      return new Map(
        servers.map(({ id, server, items, refused, queued, repeats }) => {
          const calls = server.requests
            .slice(from.get(id))
            .map((r) => ({ at: r.at, items: items(r) }))
            .filter((c) => c.items > 0);
          const counts: CarrierCounts = {
            calls,
            refused: refused(),
            repeats: repeats?.() ?? 0,
            ...(queued ? { queued: queued() } : {}),
          };
          return [id, counts];
        }),
      );
    },
    async close() {
      await http.close();
      await Promise.all(servers.map(({ server }) => server.close()));
    },
  };
}

/** Each number asked once of its adapter, in full batches, a few requests at a time. */
async function firstAnswers(
  parcels: readonly ModelParcel[],
  adapters: ReadonlyMap<AdapterId, CarrierAdapter>,
): Promise<Map<string, TrackResult>> {
  const answers = new Map<string, TrackResult>();
  const batches: { adapter: CarrierAdapter; requests: TrackRequest[]; parcels: ModelParcel[] }[] = [];
  for (const { id, limits } of ADAPTERS) {
    const adapter = adapters.get(id);
    if (!adapter) throw new Error(`${id} is not configured`);
    const own = parcels.filter((p) => p.adapter === id);
    for (let i = 0; i < own.length; i += limits.batchSize) {
      const group = own.slice(i, i + limits.batchSize);
      const requests = group.map((p): TrackRequest => {
        const courierCode = routesFor(p.carrier).find((r) => r.adapter === id)?.courierCode;
        return { number: p.number, carrier: p.carrier, ...(courierCode ? { courierCode } : {}) };
      });
      batches.push({ adapter, requests, parcels: group });
    }
  }
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++] as (typeof batches)[number];
      const outcomes = await batch.adapter.track(batch.requests, { locale: 'en' });
      for (const p of batch.parcels) {
        const outcome: TrackOutcome = outcomes.get(p.number) ?? { kind: 'not_found', reason: 'no_record' };
        if (outcome.kind === 'failed') throw new Error(`${p.number}: ${outcome.error.message}`);
        answers.set(p.number, {
          input: p.number,
          number: p.number,
          carrier: p.carrier,
          adapter: p.adapter,
          outcome,
          candidates: [],
        });
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return answers;
}
