import type { Locale } from '../../domain/locale.js';
import type { TrackOutcome } from '../../domain/outcome.js';
import type { AdapterDeps, CarrierAdapter, TrackRequest } from '../adapter.js';
import { askOneByOne } from '../one-by-one.js';
import type { TrackingmoreClient } from './client.js';
import { interpretDetect, interpretRealtime, noCourier } from './response.js';
import { REALTIME_CACHE_MS } from './waits.js';

/**
 * Detection is charged (CARRIERS.md; one credit per five calls: https://trackingmore.com/api-carriers-detect-carrier-cn.html)
 * and a number's courier does not change.
 */
const DETECT_CACHE_MS = 30 * 24 * 3_600_000;

/** Language of the carrier text: v2 takes `en` or `cn` (https://trackingmore.com/multilingual-cn.html). */
const LANG: Readonly<Record<Locale, string>> = { en: 'en', 'zh-HK': 'cn', 'zh-CN': 'cn' };

/**
 * A realtime answer kept for 2 hours: a shipment, or that TrackingMore has no record of it yet. Both are
 * served from here, since "the same shipment can be fetched in real time once per 2 hours" (CARRIERS.md)
 * holds for a number not known yet too; the first poll after a `/subscribe` would otherwise fetch again.
 */
interface CachedAnswer {
  readonly fetchedAt: string;
  readonly outcome: Extract<TrackOutcome, { kind: 'found' | 'not_found' }>;
}

const realtimeCacheKey = (courierCode: string, number: string) =>
  `trackingmore:answer:${courierCode}:${number}`;
const detectCacheKey = (number: string) => `trackingmore:detect:${number}`;

/**
 * The TrackingMore adapter: per number, the courier code (the request's, else detected and cached),
 * then a cached answer younger than 2 h (by the adapter's clock), else one realtime call.
 */
export function createTrackingmoreTracker(client: TrackingmoreClient, deps: AdapterDeps): CarrierAdapter {
  async function courierFor(request: TrackRequest, signal?: AbortSignal): Promise<string | TrackOutcome> {
    if (request.courierCode) return request.courierCode;
    const key = detectCacheKey(request.number);
    let codes = await deps.cache.get<readonly string[]>(key);
    if (codes === undefined) {
      const verdict = interpretDetect(
        await client.post('/carriers/detect', { tracking_number: request.number }, signal),
      );
      if (verdict.kind === 'outcome') return verdict.outcome;
      codes = verdict.codes;
      deps.logger.debug({ adapter: 'trackingmore', candidates: codes }, 'courier detected');
      await deps.cache.set(key, codes, DETECT_CACHE_MS);
    }
    return codes[0] ?? { kind: 'failed', error: noCourier() };
  }

  async function trackOne(
    request: TrackRequest,
    locale: Locale,
    signal?: AbortSignal,
  ): Promise<TrackOutcome> {
    const courierCode = await courierFor(request, signal);
    if (typeof courierCode !== 'string') return courierCode;
    const key = realtimeCacheKey(courierCode, request.number);
    const cached = await deps.cache.get<CachedAnswer>(key);
    // The store expires entries by the wall clock; Postie's clock (moved by `postie demo`'s /advance)
    // must find the answer stale too, or a sandbox parcel would stand still there for two real hours.
    if (cached && deps.clock.now() - Date.parse(cached.fetchedAt) < REALTIME_CACHE_MS) {
      deps.logger.debug(
        { adapter: 'trackingmore', courierCode, fetchedAt: cached.fetchedAt, kind: cached.outcome.kind },
        'realtime cache hit',
      );
      return cached.outcome;
    }

    const fetchedAt = new Date(deps.clock.now()).toISOString();
    const answer = await client.post(
      '/trackings/realtime',
      realtimeBody(request, courierCode, locale),
      signal,
    );
    const outcome = interpretRealtime(answer, { request, courierCode, fetchedAt, logger: deps.logger });
    if (outcome.kind === 'found' || outcome.kind === 'not_found')
      await deps.cache.set(key, { fetchedAt, outcome } satisfies CachedAnswer, REALTIME_CACHE_MS);
    return outcome;
  }

  return {
    id: 'trackingmore',
    async track(requests, context) {
      return askOneByOne(requests, async (request) => [
        [request.number, await trackOne(request, context.locale, context.signal)],
      ]);
    },
  };
}

/** The realtime body: the number, its courier, the extra fields some couriers need, and the language. */
function realtimeBody(request: TrackRequest, courierCode: string, locale: Locale): Record<string, string> {
  return {
    tracking_number: request.number,
    carrier_code: courierCode,
    ...(request.destinationCountry ? { destination_code: request.destinationCountry } : {}),
    ...(request.shipDate ? { tracking_ship_date: request.shipDate } : {}),
    ...(request.postalCode ? { tracking_postal_code: request.postalCode } : {}),
    lang: LANG[locale],
  };
}
