/**
 * Carrier adapters that answer from the parcel model (`parcel-model.ts`) behind the real queue and lanes,
 * for the real-time freshness benchmark. Each call takes `latencyMs` on the benchmark clock (a network
 * round trip) and is checked against what the carrier itself enforces (CARRIERS.md), as its sandbox
 * does: a call the carrier would refuse is answered "too many requests" and counted. Each keeps what it
 * was asked: calls, items and when.
 */
import type { CarrierAdapter, LaneLimits } from '../src/carriers/adapter.js';
import { createRequestWindow, type RequestWindow } from '../src/carriers/sandbox-kit/request-window.js';
import type { AdapterId } from '../src/domain/carrier.js';
import { CarrierError } from '../src/domain/carrier-error.js';
import type { TrackOutcome } from '../src/domain/outcome.js';
import type { Clock } from '../src/time/clock.js';
import { eventsAt, type ModelParcel } from './parcel-model.js';

const HOUR = 3_600_000;

/** What each carrier refuses (CARRIERS.md), not Postie's own margins below it. */
const CARRIER_RULES: Readonly<
  Record<string, { minGapMs?: number; windows: readonly { limit: number; windowMs: number }[] }>
> = {
  // "at least 100 ms between requests"; "100,000 requests per day".
  'hongkong-post': { minGapMs: 100, windows: [{ limit: 100_000, windowMs: 24 * HOUR }] },
  // "15 calls/s".
  'nz-post': { windows: [{ limit: 15, windowMs: 1000 }] },
  // "100 requests/minute and 1,000/hour".
  fuuffy: {
    windows: [
      { limit: 100, windowMs: 60_000 },
      { limit: 1000, windowMs: HOUR },
    ],
  },
  // "realtime 3 requests/s per account".
  trackingmore: { windows: [{ limit: 3, windowMs: 1000 }] },
};

/** TrackingMore: "the same shipment can be fetched in real time once per 2 hours". */
const TRACKINGMORE_REPEAT_MS = 2 * HOUR;

export interface ModelCarrier {
  readonly adapter: CarrierAdapter;
  readonly limits: LaneLimits;
  /** Start time and item count of every call the carrier accepted. */
  readonly calls: { at: number; items: number }[];
  /** Calls the carrier refused (over its limits). */
  refused: number;
  /** TrackingMore: numbers fetched again within 2 hours of their last fetch. */
  repeats: number;
}

export function modelCarrier(
  id: AdapterId,
  limits: LaneLimits,
  parcels: ReadonlyMap<string, ModelParcel>,
  clock: Clock,
  latencyMs: number,
): ModelCarrier {
  const rules = CARRIER_RULES[id] ?? { windows: [] };
  const windows: RequestWindow[] = rules.windows.map((w) => createRequestWindow(clock, w.limit, w.windowMs));
  let lastArrival = Number.NEGATIVE_INFINITY;
  const lastFetched = new Map<string, number>();
  const carrier: ModelCarrier = {
    limits,
    calls: [],
    refused: 0,
    repeats: 0,
    adapter: {
      id,
      async track(requests) {
        const arrival = clock.now();
        const gapOk = rules.minGapMs === undefined || arrival - lastArrival >= rules.minGapMs;
        lastArrival = arrival;
        const windowsOk = windows.map((w) => w.arrive()).every(Boolean);
        await clock.sleep(latencyMs);
        if (!(gapOk && windowsOk)) {
          carrier.refused += 1;
          throw new CarrierError(id, 'rate_limited', `${id} refused: over its limits`);
        }
        carrier.calls.push({ at: arrival, items: requests.length });
        const now = clock.now();
        const outcomes = new Map<string, TrackOutcome>();
        for (const { number } of requests) {
          if (id === 'trackingmore') {
            const last = lastFetched.get(number);
            if (last !== undefined && arrival - last < TRACKINGMORE_REPEAT_MS) carrier.repeats += 1;
            lastFetched.set(number, arrival);
          }
          outcomes.set(number, answer(parcels.get(number), now));
        }
        return outcomes;
      },
    },
  };
  return carrier;
}

function answer(parcel: ModelParcel | undefined, now: number): TrackOutcome {
  if (!parcel) return { kind: 'not_found', reason: 'no_record' };
  const events = eventsAt(parcel, now);
  const newest = events[0];
  if (!newest) return { kind: 'not_found', reason: 'no_record' };
  return {
    kind: 'found',
    shipment: {
      number: parcel.number,
      carrier: parcel.carrier,
      adapter: parcel.adapter,
      status: newest.status,
      events,
      fetchedAt: new Date(now).toISOString(),
    },
  };
}
