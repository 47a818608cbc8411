import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../../src/cache/memory-cache.js';
import { ADAPTERS, createAdapters } from '../../../src/carriers/registry.js';
import { routesFor } from '../../../src/carriers/routing.js';
import { startSandboxes } from '../../../src/carriers/sandboxes.js';
import { loadConfig } from '../../../src/config.js';
import { toTrackingNumber } from '../../../src/domain/tracking-number.js';
import { createHttpClient } from '../../../src/http/http-client.js';
import { createLogger } from '../../../src/logger.js';
import { createManualClock } from '../../../src/time/manual-clock.js';
import { describeCarrierRoles } from '../carrier-roles.js';
import { examplePostAdapter } from './example-post/index.js';
import { EXAMPLE_POST_PARCEL } from './example-post/sandbox.js';

/**
 * Adding a carrier is its folder and one entry in the registry: Example Post, a folder under test/,
 * added to a copy of the registry, reaches the configuration, routing, the sandboxes and a lookup with
 * no central file knowing of it.
 */
const registry = [...ADAPTERS, examplePostAdapter];
const logger = createLogger({ level: 'silent', pretty: false });

describeCarrierRoles(
  examplePostAdapter,
  {
    source: join(import.meta.dirname, 'example-post'),
    fixtures: join(import.meta.dirname, 'example-post', 'fixtures'),
  },
  registry,
);

describe('a carrier added by its folder and one registry entry', () => {
  it('is configured from its own variables: off without its key, on with it, its key a secret', () => {
    expect(loadConfig({}, registry).disabled).toContain('example-post: EXAMPLE_POST_API_KEY is not set');
    const config = loadConfig(
      { EXAMPLE_POST_API_KEY: 'example-key', EXAMPLE_POST_BASE_URL: 'http://127.0.0.1:9/v1/' },
      registry,
    );
    expect(config.carriers['example-post']).toEqual({
      apiKey: 'example-key',
      baseUrl: 'http://127.0.0.1:9/v1',
    });
    expect(config.secrets).toContain('example-key');
    expect(loadConfig({ EXAMPLE_POST_API_KEY: 'k' }, registry).carriers['example-post']?.baseUrl).toBe(
      'https://api.example-post.invalid/v1',
    );
    expect(() => loadConfig({ EXAMPLE_POST_BASE_URL: 'ftp://nowhere' }, registry)).toThrow(
      /EXAMPLE_POST_BASE_URL/,
    );
  });

  it('is routed to for the carriers it serves, after the adapters before it', () => {
    expect(routesFor('example-post', registry)).toEqual([{ adapter: 'example-post' }]);
    expect(routesFor('example-post')).toEqual([]);
    expect(routesFor('hongkong-post', registry)).toEqual(routesFor('hongkong-post'));
  });

  it('has its sandbox started with the others, and answers a lookup through it', async () => {
    const clock = createManualClock();
    const sandboxes = await startSandboxes({ clock, enforceLimits: false, registry });
    const http = createHttpClient();
    try {
      expect(Object.keys(sandboxes.servers)).toEqual(registry.map((a) => a.id));
      const config = loadConfig(sandboxes.env, registry);
      const adapters = await createAdapters(
        config.carriers,
        { http, clock, logger, cache: createMemoryCache(clock) },
        registry,
      );
      expect(adapters.map((a) => a.adapter.id)).toEqual(registry.map((a) => a.id));
      const example = adapters.find((a) => a.adapter.id === 'example-post');
      expect(example?.limits).toBe(examplePostAdapter.limits);

      const number = toTrackingNumber(EXAMPLE_POST_PARCEL);
      if (number === null) throw new Error('the sandbox parcel is not a tracking number');
      const outcomes = await example?.adapter.track([{ number, carrier: 'example-post' }], { locale: 'en' });
      expect(outcomes?.get(number)).toMatchObject({
        kind: 'found',
        shipment: { adapter: 'example-post', status: 'delivered', events: [{ vendorCode: 'DLV' }, {}, {}] },
      });
      expect(sandboxes.servers['example-post'].requests).toHaveLength(1);
    } finally {
      await http.close();
      await sandboxes.close();
    }
  });
});
