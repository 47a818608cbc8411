import { describe, expect, it } from 'vitest';
import type { TrackRequest } from '../../src/carriers/adapter.js';
import { createDetector } from '../../src/detect/detector.js';
import type { AdapterId } from '../../src/domain/carrier.js';
import { CarrierError, type CarrierErrorCode } from '../../src/domain/carrier-error.js';
import type { TrackOutcome } from '../../src/domain/outcome.js';
import { createExtractor } from '../../src/extract/extractor.js';
import type { TrackingQueue } from '../../src/queue/tracking-queue.js';
import { createTrackingService, type TrackResult } from '../../src/tracking/tracking-service.js';

type Answer = (adapter: AdapterId, request: TrackRequest) => TrackOutcome;

const found = (adapter: AdapterId, r: TrackRequest): TrackOutcome => ({
  kind: 'found',
  shipment: {
    number: r.number,
    carrier: r.carrier,
    adapter,
    status: 'delivered',
    events: [],
    fetchedAt: '2026-01-01T00:00:00Z',
  },
});
const notFound: TrackOutcome = { kind: 'not_found', reason: 'no_record' };
const failed = (code: CarrierErrorCode): TrackOutcome => ({
  kind: 'failed',
  error: new CarrierError('x', code, code),
});

function service(enabled: AdapterId[], answer: Answer) {
  const asked: string[] = [];
  const queue: TrackingQueue = {
    lookup: async (adapter, request) => {
      asked.push(`${adapter}:${request.carrier}${request.courierCode ? `/${request.courierCode}` : ''}`);
      return answer(adapter, request);
    },
    stats: () => undefined,
    usage: async () => undefined,
  };
  const detector = createDetector();
  const tracking = createTrackingService({
    extractor: createExtractor({ matcher: detector.matcher }),
    detector,
    queue,
    enabledAdapters: new Set(enabled),
  });
  return { tracking, asked };
}

const one = async (
  s: ReturnType<typeof service>,
  number: string,
  carrier?: string,
  priority: 'interactive' | 'background' = 'interactive',
): Promise<TrackResult> =>
  (
    await s.tracking.trackNumbers([number], { locale: 'en', priority, ...(carrier ? { carrier } : {}) })
  )[0] as TrackResult;

describe('tracking service', () => {
  it('asks the direct adapter first', async () => {
    const s = service(['hongkong-post', 'trackingmore'], found);
    const result = await one(s, 'RB000000014HK');
    expect(result).toMatchObject({
      carrier: 'hongkong-post',
      adapter: 'hongkong-post',
      outcome: { kind: 'found' },
    });
    expect(s.asked).toEqual(['hongkong-post:hongkong-post']);
  });

  it('falls back to TrackingMore, with the courier code, when the direct adapter is not configured', async () => {
    const s = service(['trackingmore'], found);
    await one(s, 'SF7444700499701');
    expect(s.asked).toEqual(['trackingmore:sf-express/sf-express']);
  });

  it('falls back to TrackingMore when the direct adapter fails', async () => {
    const s = service(['hongkong-post', 'trackingmore'], (adapter, r) =>
      adapter === 'hongkong-post' ? failed('unavailable') : found(adapter, r),
    );
    const result = await one(s, 'RB000000014HK');
    expect(result.adapter).toBe('trackingmore');
    expect(s.asked).toEqual(['hongkong-post:hongkong-post', 'trackingmore:hongkong-post/hong-kong-post']);
    // The answer says it is TrackingMore's because Hongkong Post failed.
    expect(result.fallbackFrom?.adapter).toBe('hongkong-post');
    expect(result.fallbackFrom?.error.code).toBe('unavailable');
  });

  it.each<CarrierErrorCode>([
    'unavailable',
    'timeout',
    'rate_limited',
    'busy',
    'bad_response',
    'quota_exhausted',
  ])('answers the direct carrier’s failure (%s), never TrackingMore’s "not found" after it', async (code) => {
    const s = service(['hongkong-post', 'trackingmore'], (adapter) =>
      adapter === 'hongkong-post' ? failed(code) : notFound,
    );
    const result = await one(s, 'RB000000014HK');
    expect(result).toMatchObject({ carrier: 'hongkong-post', adapter: 'hongkong-post' });
    expect(result.outcome.kind === 'failed' && result.outcome.error.code).toBe(code);
  });

  it('answers a failure to ask one candidate rather than another candidate’s "not found"', async () => {
    const s = service(['trackingmore'], (_adapter, r) =>
      r.carrier === 'fedex' ? notFound : failed('timeout'),
    );
    const result = await one(s, '123456789012');
    expect(result.outcome.kind === 'failed' && result.outcome.error.code).toBe('timeout');
  });

  it.each<CarrierErrorCode>([
    'unavailable',
    'timeout',
    'rate_limited',
    'busy',
    'bad_response',
    'quota_exhausted',
  ])(
    'spends no TrackingMore call on a background lookup when the direct carrier’s failure (%s) will pass',
    async (code) => {
      const s = service(['hongkong-post', 'trackingmore'], (adapter, r) =>
        adapter === 'hongkong-post' ? failed(code) : found(adapter, r),
      );
      const result = await one(s, 'RB000000014HK', undefined, 'background');
      expect(s.asked).toEqual(['hongkong-post:hongkong-post']);
      expect(result.outcome.kind === 'failed' && result.outcome.error.code).toBe(code);
    },
  );

  it('falls back to TrackingMore in the background when the direct carrier refuses Postie’s credentials', async () => {
    const s = service(['hongkong-post', 'trackingmore'], (adapter, r) =>
      adapter === 'hongkong-post' ? failed('auth_failed') : found(adapter, r),
    );
    const result = await one(s, 'RB000000014HK', undefined, 'background');
    expect(result.adapter).toBe('trackingmore');
    expect(result.fallbackFrom?.error.code).toBe('auth_failed');
  });

  it('tries the next candidate carrier when the first does not know an ambiguous number', async () => {
    const s = service(['trackingmore'], (adapter, r) =>
      r.carrier === 'fedex' ? notFound : found(adapter, r),
    );
    const result = await one(s, '123456789012');
    expect(s.asked[0]).toBe('trackingmore:fedex/fedex');
    expect(result.carrier).not.toBe('fedex');
    expect(result.outcome.kind).toBe('found');
    expect(result.candidates.map((c) => c.carrier)).toContain('fedex');
  });

  it('answers not found when no candidate knows the number, and tries at most three carriers', async () => {
    const s = service(['trackingmore'], () => notFound);
    const result = await one(s, '123456789012');
    expect(result.outcome.kind).toBe('not_found');
    expect(s.asked).toHaveLength(3);
  });

  it('asks only the carrier the user named', async () => {
    const s = service(['trackingmore'], found);
    const result = await one(s, '123456789012', 'yamato');
    expect(s.asked).toEqual(['trackingmore:yamato/taqbin-jp']);
    expect(result.carrier).toBe('yamato');
  });

  it('lets TrackingMore recognise a format Postie does not know', async () => {
    const s = service(['trackingmore'], found);
    await one(s, 'XYZ-123-QWE');
    expect(s.asked).toEqual(['trackingmore:unknown']);
  });

  it('says why when no configured adapter can answer', async () => {
    const s = service(['nz-post'], found);
    const result = await one(s, 'RB000000014HK');
    expect(result.adapter).toBeNull();
    expect(result.outcome.kind === 'failed' && result.outcome.error.message).toContain(
      'no configured adapter serves hongkong-post',
    );
  });

  it('tracks every number in a message and reports each as it is known', async () => {
    const s = service(['hongkong-post', 'fuuffy'], found);
    const reported: string[] = [];
    const { results } = await s.tracking.trackText('順豐 SF7444700499701 and RB 000 000 014 HK', {
      locale: 'zh-HK',
      onResult: (r) => reported.push(r.number),
    });
    expect(results.map((r) => [r.input, r.adapter])).toEqual([
      ['SF7444700499701', 'fuuffy'],
      ['RB 000 000 014 HK', 'hongkong-post'],
    ]);
    expect(reported.sort()).toEqual(['RB000000014HK', 'SF7444700499701']);
  });

  it('moves to the next candidate when a carrier refuses the number', async () => {
    const s = service(['trackingmore'], (adapter, r) =>
      r.carrier === 'fedex' ? failed('invalid_number') : found(adapter, r),
    );
    const result = await one(s, '123456789012');
    expect(result.outcome.kind).toBe('found');
    expect(s.asked.length).toBe(2);
  });
});
