import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/domain/store-unavailable.js';
import { openStoreBackend } from '../../src/store/open-store-backend.js';
import { REDIS_RECONNECT } from '../../src/store/redis-connection.js';
import type { StoreState } from '../../src/store/store-backend.js';
import { createManualClock } from '../../src/time/manual-clock.js';
import { startRedisServer } from '../helpers/redis-server.js';

/** Guards the polls below: waiting for something to happen, not a threshold the result depends on. */
const GUARD = { timeout: 10_000 };

describe('the Redis store connection', () => {
  it('survives losing the server: calls fail, the state says so, and it comes back', async () => {
    // A server of this test's own, taken away and brought back on the same port.
    const server = await startRedisServer();
    const changes: StoreState[] = [];
    const errors: Error[] = [];
    const retryClock = createManualClock();
    const backend = await openStoreBackend(server.url, {
      commandTimeoutMs: 200,
      retryClock,
      onStateChange: (state, error) => {
        changes.push(state);
        if (error) errors.push(error);
      },
    });
    const cache = backend.namespace('outage');
    try {
      expect(backend.state).toBe('ready');
      await cache.set('k', 'before');

      await server.stop();
      await expect(cache.get('k')).rejects.toThrow(StoreUnavailableError);
      expect(backend.state).toBe('unavailable');
      await expect(backend.write([{ namespace: 'outage', key: 'k', value: 'during' }])).rejects.toThrow(
        StoreUnavailableError,
      );

      await server.start();
      await retryClock.advance(REDIS_RECONNECT.maxMs);
      await expect.poll(() => backend.state, GUARD).toBe('ready');
      await cache.set('k', 'after');
      expect(await cache.get('k')).toBe('after');
      // Reported once per change, not once per reconnection attempt.
      expect(changes).toEqual(['ready', 'unavailable', 'ready']);
      expect(errors).toHaveLength(1);
    } finally {
      await backend.close();
      await server.stop();
    }
    expect(backend.state).toBe('closed');
  });

  it('fails a call at once while the server is away, instead of holding it until its timeout', async () => {
    const server = await startRedisServer();
    // Were calls queued while the connection is down, each would wait these ten minutes.
    const backend = await openStoreBackend(server.url, {
      commandTimeoutMs: 600_000,
      retryClock: createManualClock(),
    });
    try {
      await server.stop();
      await expect.poll(() => backend.state, GUARD).toBe('unavailable');
      const calls = [
        backend.namespace('fast').get('k'),
        backend.counters.increment('quota:x', 1, 60_000),
        backend.dueSchedule.nextAt(),
        backend.lock.withLock('k', async () => 'held'),
      ];
      for (const call of calls) await expect(call).rejects.toThrow(StoreUnavailableError);
    } finally {
      await backend.close();
      await server.stop();
    }
  });

  it('tries again on its retry clock, waiting longer each time up to a cap, until the server answers', async () => {
    const server = await startRedisServer();
    const retryClock = createManualClock();
    // The longest wait the back-off allows each time (full jitter at its top).
    const backend = await openStoreBackend(server.url, { retryClock, random: () => 0.999_999 });
    try {
      await server.stop();
      await expect.poll(() => backend.state, GUARD).toBe('unavailable');
      // Each failed try sleeps on the retry clock: nothing happens until it moves.
      for (let attempt = 0; attempt < 8; attempt++) {
        await expect.poll(() => retryClock.pending, GUARD).toBe(1);
        await retryClock.advance(REDIS_RECONNECT.maxMs);
      }
      await expect.poll(() => retryClock.pending, GUARD).toBe(1);
      await server.start();
      expect(backend.state).toBe('unavailable');
      // However many tries failed, the next comes within the cap.
      await retryClock.advance(REDIS_RECONNECT.maxMs);
      await expect.poll(() => backend.state, GUARD).toBe('ready');
      expect(retryClock.pending).toBe(0);
      await backend.namespace('back').set('k', 1);
    } finally {
      await backend.close();
      await server.stop();
    }
  });

  it('opens while the server is not up yet, reports it once, and connects when it comes', async () => {
    const server = await startRedisServer();
    await server.stop();
    const retryClock = createManualClock();
    const changes: StoreState[] = [];
    const backend = await openStoreBackend(server.url, {
      retryClock,
      onStateChange: (state) => changes.push(state),
    });
    try {
      // Opening waits for the first try only, and never rejects for an unreachable server.
      expect(backend.state).toBe('unavailable');
      await expect(backend.namespace('early').get('k')).rejects.toThrow(StoreUnavailableError);
      const ready = backend.ready();
      await server.start();
      await retryClock.advance(REDIS_RECONNECT.maxMs);
      await ready;
      expect(backend.state).toBe('ready');
      expect(changes).toEqual(['unavailable', 'ready']);
    } finally {
      await backend.close();
      await server.stop();
    }
  });
});
