import { describe, expect, it } from 'vitest';
import { openStoreBackend } from '../../src/store/open-store-backend.js';
import type { StoreState } from '../../src/store/store-backend.js';
import { startRedisServer } from '../helpers/redis-server.js';

describe('the Redis store connection', () => {
  it('survives losing the server: calls fail after their timeout, the state says so, and it comes back', async () => {
    // A server of this test's own, taken away and brought back on the same port.
    const server = await startRedisServer();
    const changes: StoreState[] = [];
    const errors: Error[] = [];
    const backend = await openStoreBackend(server.url, {
      commandTimeoutMs: 200,
      onStateChange: (state, error) => {
        changes.push(state);
        if (error) errors.push(error);
      },
    });
    const cache = backend.namespace('outage');
    try {
      await cache.set('k', 'before');
      // The client reports the connection ready just after the first commands went through.
      await expect.poll(() => backend.state).toBe('ready');

      await server.stop();
      await expect(cache.get('k')).rejects.toThrow();
      expect(backend.state).toBe('unavailable');
      await expect(backend.write([{ namespace: 'outage', key: 'k', value: 'during' }])).rejects.toThrow();

      await server.start();
      await expect.poll(() => backend.state, { timeout: 10_000 }).toBe('ready');
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
});
