/**
 * Synthetic parcels for the subscription benchmarks, and a tracking service that answers from them at
 * once while counting what the real queue would send upstream.
 *
 * A parcel has events every 6–30 h (info received, in transit…, out for delivery, then delivered 1–6 h
 * later); the benchmark's start falls anywhere in its life before delivery. 10% are not known to the
 * carrier yet (their first event comes within two days), 5% never are. Events appear as the clock passes
 * their time; each has a stable key, so a poll sees exactly what a carrier would have shown by then.
 */
import { ADAPTERS } from '../src/carriers/registry.js';
import type { StoryStage } from '../src/carriers/sandbox-kit/sandbox-server.js';
import { CHECK_DIGITS } from '../src/detect/check-digits.js';
import type { AdapterId, CarrierId } from '../src/domain/carrier.js';
import type { Shipment, TrackingEvent } from '../src/domain/shipment.js';
import type { TrackingNumber } from '../src/domain/tracking-number.js';
import type { Clock } from '../src/time/clock.js';
import type { TrackingService, TrackResult } from '../src/tracking/tracking-service.js';
import { pickWeighted } from './subscription-plan.js';

const HOUR = 3_600_000;

export interface ModelParcel {
  readonly number: TrackingNumber;
  readonly carrier: CarrierId;
  readonly adapter: AdapterId;
  /** When each event happens (epoch ms), oldest first; empty: the carrier never hears of it. */
  readonly eventTimes: readonly number[];
}

/** The carriers followed, with their adapter, share of the numbers, and number format. */
const MIX: readonly {
  carrier: CarrierId;
  adapter: AdapterId;
  share: number;
  format: (i: number) => string;
}[] = [
  { carrier: 'hongkong-post', adapter: 'hongkong-post', share: 0.7, format: (i) => s10('RR', i, 'HK') },
  { carrier: 'nz-post', adapter: 'nz-post', share: 0.1, format: (i) => `CP${pad(i, 9)}NZ` },
  { carrier: 'sf-express', adapter: 'fuuffy', share: 0.1, format: (i) => `SF${pad(i, 13)}` },
  { carrier: 'ups', adapter: 'trackingmore', share: 0.1, format: (i) => `1Z999AA1${pad(i, 10)}` },
];

const SHARES = MIX.map((m) => m.share);
const pad = (i: number, width: number) => String(i).padStart(width, '0');
/** A UPU S10 number with its check digit right (Hongkong Post refuses others as invalid, 1002). */
function s10(prefix: string, serial: number, country: string): string {
  const payload = pad(serial, 8);
  const check = [...'0123456789'].find((digit) => CHECK_DIGITS.s10(payload, digit)) ?? '0';
  return `${prefix}${payload}${check}${country}`;
}
const between = (random: () => number, min: number, max: number) => min + (max - min) * random();

/** `count` parcels as they stand at `start` (epoch ms), the same for the same `random`. */
export function modelParcels(count: number, start: number, random: () => number): ModelParcel[] {
  return Array.from({ length: count }, (_, i) => {
    const kind = MIX[pickWeighted(SHARES, random())] as (typeof MIX)[number];
    const number = kind.format(i) as TrackingNumber;
    const fate = random();
    let eventTimes: number[] = [];
    if (fate >= 0.05) {
      const steps = 4 + Math.floor(random() * 6);
      const gaps = Array.from({ length: steps - 1 }, (_, g) =>
        g === steps - 2 ? between(random, 1 * HOUR, 6 * HOUR) : between(random, 6 * HOUR, 30 * HOUR),
      );
      const span = gaps.reduce((a, b) => a + b, 0);
      // Not known yet: the first scan comes later; otherwise `start` falls anywhere before delivery.
      const first = fate < 0.15 ? start + between(random, 1 * HOUR, 48 * HOUR) : start - random() * span;
      let at = first;
      eventTimes = [Math.round(at)];
      for (const gap of gaps) {
        at += gap;
        eventTimes.push(Math.round(at));
      }
    }
    return { number, carrier: kind.carrier, adapter: kind.adapter, eventTimes };
  });
}

/** The status of a parcel's event `index` of `steps`: a stage any carrier sandbox can write. */
export const statusAt = (index: number, steps: number): StoryStage =>
  index === steps - 1
    ? 'delivered'
    : index === steps - 2
      ? 'out_for_delivery'
      : index === 0
        ? 'info_received'
        : 'in_transit';

/** The event's stable key, as an adapter's `eventKey` would give it. */
export const eventKey = (number: string, index: number): string => `${number}#${index}`;

/** The parcel's events known at `now`, newest first. */
export function eventsAt(parcel: ModelParcel, now: number): TrackingEvent[] {
  const events: TrackingEvent[] = [];
  parcel.eventTimes.forEach((at, i) => {
    if (at > now) return;
    events.unshift({
      key: eventKey(parcel.number, i),
      time: new Date(at).toISOString(),
      location: { text: 'Hong Kong' },
      description: { text: `Scan ${i + 1}` },
      status: statusAt(i, parcel.eventTimes.length),
    });
  });
  return events;
}

/** Items and requests per adapter, requests counted as the queue batches them (`LaneLimits.batchSize`). */
export type UpstreamCount = Map<AdapterId, { items: number; requests: number }>;

export const BATCH_SIZE: ReadonlyMap<AdapterId, number> = new Map(
  ADAPTERS.map((a) => [a.id, a.limits.batchSize]),
);

export interface CountingTracking extends TrackingService {
  /** What was asked since the last `reset`. */
  readonly upstream: UpstreamCount;
  /** When each number was last asked about (epoch ms). */
  readonly lastAsked: ReadonlyMap<string, number>;
  /** The answer at `now`, without counting it (what the chat saw when it subscribed). */
  answer(number: string, now: number): TrackResult;
  reset(): void;
}

/**
 * A `TrackingService` over the model, answering at once. Each `trackNumbers` call counts its numbers per
 * adapter as ⌈items / batch size⌉ requests: what the queue sends when a pass hands it that many background
 * lookups together (it fills batches from waiting lookups; a pass never waits for the next one).
 */
export function countingTracking(parcels: readonly ModelParcel[], clock: Clock): CountingTracking {
  const byNumber = new Map(parcels.map((p) => [p.number as string, p]));
  const upstream: UpstreamCount = new Map();
  const lastAsked = new Map<string, number>();

  const answer = (input: string, now: number): TrackResult => {
    const parcel = byNumber.get(input);
    if (!parcel) throw new Error(`the model has no parcel ${input}`);
    const { number, carrier, adapter } = parcel;
    const events = eventsAt(parcel, now);
    const newest = events[0];
    const shipment: Shipment | undefined = newest && {
      number,
      carrier,
      adapter,
      status: newest.status,
      events,
      fetchedAt: new Date(now).toISOString(),
    };
    return {
      input,
      number,
      carrier,
      adapter,
      outcome: shipment ? { kind: 'found', shipment } : { kind: 'not_found', reason: 'no_record' },
      candidates: [],
    };
  };

  return {
    upstream,
    lastAsked,
    answer,
    reset: () => upstream.clear(),
    async trackText() {
      throw new Error('the benchmark only polls');
    },
    async trackNumbers(numbers) {
      const now = clock.now();
      const results = numbers.map((n) => answer(n, now));
      for (const n of numbers) lastAsked.set(n, now);
      const items = new Map<AdapterId, number>();
      for (const r of results) if (r.adapter) items.set(r.adapter, (items.get(r.adapter) ?? 0) + 1);
      for (const [adapter, count] of items) {
        const total = upstream.get(adapter) ?? { items: 0, requests: 0 };
        total.items += count;
        total.requests += Math.ceil(count / (BATCH_SIZE.get(adapter) ?? 1));
        upstream.set(adapter, total);
      }
      return results;
    },
  };
}
