import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import { createAdapters, type RegisteredAdapter } from '../../src/carriers/registry.js';
import type { Fault } from '../../src/carriers/sandbox-kit/sandbox-server.js';
import { type RunningSandboxes, startSandboxes } from '../../src/carriers/sandboxes.js';
import { loadConfig } from '../../src/config.js';
import { createDetector } from '../../src/detect/detector.js';
import type { Reply } from '../../src/domain/reply.js';
import { createExtractor } from '../../src/extract/extractor.js';
import { createHttpClient } from '../../src/http/http-client.js';
import { createLogger } from '../../src/logger.js';
import { counterStoreOn } from '../../src/queue/counter-store.js';
import { createTrackingQueue } from '../../src/queue/tracking-queue.js';
import { createRenderer } from '../../src/render/create-renderer.js';
import { systemClock } from '../../src/time/clock.js';
import { createTrackingService, type TrackResult } from '../../src/tracking/tracking-service.js';

/**
 * Every fault switch of the sandboxes, on each carrier in turn, through the real tracking path (the
 * adapters on loopback, the queue, routing with its fallback to TrackingMore) and the renderer: a
 * carrier that fails must read as a failure, never as "no record" (the fallback's "not found" included).
 */
const FAULTS: readonly (readonly [string, Fault])[] = [
  ['answers slowly', { kind: 'latency', ms: 10 }],
  ['answers HTTP 503', { kind: 'status', status: 503, body: 'Service Unavailable' }],
  ['never answers', { kind: 'hang' }],
  ['sends half its answer', { kind: 'truncated' }],
  ['sends a malformed body', { kind: 'malformed' }],
  ['sends an HTML error page', { kind: 'html' }],
  ['drops the connection', { kind: 'reset' }],
];

/** A parcel each sandbox knows, asked through its own adapter first. */
const PARCELS: readonly (readonly [RegisteredAdapter['id'], string, string])[] = [
  ['hongkong-post', 'RB000000014HK', 'Hongkong Post'],
  ['nz-post', '00393311680005810444', 'NZ Post'],
  ['fuuffy', 'SF7444700499701', 'Fuuffy'],
  ['trackingmore', 'LS912989618CN', 'TrackingMore'],
];

const logger = createLogger({ level: 'silent', pretty: false });
const renderer = createRenderer();
const view = {
  locale: 'en',
  timeZone: 'Asia/Hong_Kong',
  now: Date.now(),
  chatKind: 'private',
  subscribed: false,
  showAll: false,
} as const;
const textOf = (reply: Reply) => reply.blocks.map((b) => b.spans.map((s) => s.text).join('')).join('\n');
const NO_RECORD = renderer.t('en', 'not_found.title');

let sandboxes: RunningSandboxes;
beforeAll(async () => {
  sandboxes = await startSandboxes({ clock: systemClock, enforceLimits: false });
});
afterAll(() => sandboxes.close());

/** One interactive lookup on a fresh pipeline (no breaker state, no cached answers). */
async function lookUp(number: string, requestTimeoutMs: number): Promise<TrackResult> {
  const config = loadConfig({ ...sandboxes.env, LOG_LEVEL: 'silent' });
  const http = createHttpClient();
  const adapters = await createAdapters(config.carriers, {
    http,
    clock: systemClock,
    logger,
    cache: createMemoryCache(systemClock),
    requestTimeoutMs,
  });
  const detector = createDetector();
  const tracking = createTrackingService({
    extractor: createExtractor({ matcher: detector.matcher }),
    detector,
    queue: createTrackingQueue({
      adapters,
      clock: systemClock,
      // Retries go again at once: no backoff to wait out.
      random: () => 0,
      cache: createMemoryCache(systemClock),
      counters: counterStoreOn(createMemoryCache(systemClock)),
      logger,
    }),
    enabledAdapters: new Set(adapters.map((a) => a.adapter.id)),
  });
  try {
    const [result] = await tracking.trackNumbers([number], { locale: 'en', priority: 'interactive' });
    if (!result) throw new Error('no result');
    return result;
  } finally {
    await http.close();
  }
}

describe.each(PARCELS)('when %s fails', (adapter, number, name) => {
  it.each(FAULTS)('and %s, the reply says so and never "no record"', async (what, fault) => {
    const sandbox = sandboxes.servers[adapter];
    sandbox.faults.inject(fault);
    try {
      // A hang is given up on quickly; every other answer has ample time.
      const result = await lookUp(number, fault.kind === 'hang' ? 200 : 10_000);
      const reply = textOf(renderer.tracking(result, view));
      expect(reply).not.toContain(NO_RECORD);
      expect(reply).not.toContain('has no record');
      if (fault.kind === 'latency') {
        expect(result).toMatchObject({ adapter, outcome: { kind: 'found' } });
        return;
      }
      if (result.outcome.kind === 'found') {
        // Another service answered: the reply names the one that failed.
        expect(result.fallbackFrom?.adapter).toBe(adapter);
        expect(reply).toContain(`couldn't get an answer from ${name}`);
      } else {
        expect(result.outcome.kind, `${name} ${what}`).toBe('failed');
        expect(reply).toContain(renderer.t('en', 'tracking.failed_title'));
        expect(reply).toContain(name);
      }
    } finally {
      sandbox.faults.clear();
    }
  });
});
