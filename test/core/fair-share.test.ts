import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import { createFairShare, DEFAULT_FAIR_SHARE, type FairShareLimits } from '../../src/core/fair-share.js';
import type { ChatRef, UserRef } from '../../src/domain/chat.js';
import { counterStoreOn } from '../../src/queue/counter-store.js';
import { connectRedis } from '../../src/store/redis-connection.js';
import { redisCounters } from '../../src/store/redis-counters.js';
import { createManualClock } from '../../src/time/manual-clock.js';
import { testRedisUrl } from '../helpers/test-redis.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 10);
const LIMITS: FairShareLimits = {
  perUserPerMinute: 5,
  perUserPerDay: 12,
  perChatPerMinute: 8,
  perChatPerDay: 20,
};
const ann: UserRef = { id: '1' };
const bob: UserRef = { id: '2' };
const annAlone: ChatRef = { platform: 'telegram', id: '1', kind: 'private' };
const bobAlone: ChatRef = { platform: 'telegram', id: '2', kind: 'private' };
const family: ChatRef = { platform: 'telegram', id: '-9', kind: 'group' };

const memoryCounters = () => counterStoreOn(createMemoryCache(createManualClock(NOW)));

describe('fair share of lookups', () => {
  it('grants a person their lookups a minute, part of a message when it goes past, then says when to come back', async () => {
    const share = createFairShare(memoryCounters(), LIMITS);
    expect(await share.take(annAlone, ann, 3, NOW)).toEqual({ granted: 3 });
    expect(await share.take(annAlone, ann, 4, NOW)).toEqual({
      granted: 2,
      limited: { period: 'minute', retryAfterMs: 50_000 },
    });
    expect((await share.take(annAlone, ann, 1, NOW + 1000)).granted).toBe(0);
    // Another person is not slowed at all.
    expect(await share.take(bobAlone, bob, 5, NOW)).toEqual({ granted: 5 });
    // The next minute brings a new share.
    expect((await share.take(annAlone, ann, 5, NOW + 50_000)).granted).toBe(5);
  });

  it('keeps a daily share, until midnight UTC', async () => {
    const share = createFairShare(memoryCounters(), LIMITS);
    for (let minute = 0; minute < 2; minute++) await share.take(annAlone, ann, 5, NOW + minute * 60_000);
    expect(await share.take(annAlone, ann, 5, NOW + 2 * 60_000)).toEqual({
      granted: 2,
      limited: { period: 'day', retryAfterMs: Date.UTC(2026, 0, 2) - (NOW + 2 * 60_000) },
    });
    expect((await share.take(annAlone, ann, 1, Date.UTC(2026, 0, 2))).granted).toBe(1);
  });

  it('shares a group’s own share among its members, each still within their own', async () => {
    const share = createFairShare(memoryCounters(), LIMITS);
    expect((await share.take(family, ann, 5, NOW)).granted).toBe(5);
    expect(await share.take(family, bob, 5, NOW)).toEqual({
      granted: 3,
      limited: { period: 'minute', retryAfterMs: 50_000 },
    });
    // Bob's own share is untouched by what the group could not have: alone he still has 2 of 5.
    expect((await share.take(bobAlone, bob, 5, NOW)).granted).toBe(2);
  });

  it('gives back what it could not grant, so a refused request costs nothing', async () => {
    const counters = memoryCounters();
    const share = createFairShare(counters, LIMITS);
    await share.take(annAlone, ann, 20, NOW);
    expect((await share.take(annAlone, ann, 1, NOW)).granted).toBe(0);
    expect((await share.take(annAlone, ann, 5, NOW + 60_000)).granted).toBe(5);
    // 10 of the day's 12 are used: 5 + 5, nothing for what was refused.
    expect((await share.take(annAlone, ann, 5, NOW + 120_000)).granted).toBe(2);
  });

  it('counts across instances and restarts on Redis', async () => {
    const prefix = `fair:${process.pid}:${Date.now()}:`;
    // Two connections stand for two instances.
    const [first, second] = [connectRedis(testRedisUrl()), connectRedis(testRedisUrl())];
    try {
      const a = createFairShare(redisCounters(first.client, prefix), LIMITS);
      const b = createFairShare(redisCounters(second.client, prefix), LIMITS);
      const grants = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).take(annAlone, ann, 1, NOW)),
      );
      expect(grants.reduce((sum, g) => sum + g.granted, 0)).toBe(5);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('has defaults that let one message of 20 numbers through, and not a flood', () => {
    expect(DEFAULT_FAIR_SHARE.perUserPerMinute).toBeGreaterThanOrEqual(20);
    expect(DEFAULT_FAIR_SHARE.perUserPerMinute).toBeLessThanOrEqual(60);
    expect(DEFAULT_FAIR_SHARE.perChatPerMinute).toBeGreaterThanOrEqual(DEFAULT_FAIR_SHARE.perUserPerMinute);
  });
});
