/**
 * One person's message with 12 China Post numbers, answered through TrackingMore (3 realtime calls a
 * second, 120 s of silence after a 429: CARRIERS.md) against the TrackingMore sandbox in real time, with
 * its limits enforced (calls counted as they arrive, in any second): the time until every number is
 * answered, the realtime calls made, and how many of them the sandbox refused with 429.
 */
import { createMemoryCache } from '../src/cache/memory-cache.js';
import { trackingmoreAdapter } from '../src/carriers/trackingmore/index.js';
import { startTrackingmoreSandbox } from '../src/carriers/trackingmore/sandbox.js';
import { CHECK_DIGITS } from '../src/detect/check-digits.js';
import { createDetector } from '../src/detect/detector.js';
import { createExtractor } from '../src/extract/extractor.js';
import { createHttpClient } from '../src/http/http-client.js';
import { createLogger } from '../src/logger.js';
import { counterStoreOn } from '../src/queue/counter-store.js';
import { createTrackingQueue } from '../src/queue/tracking-queue.js';
import { systemClock } from '../src/time/clock.js';
import { createTrackingService } from '../src/tracking/tracking-service.js';
import { formatSeconds, printTable } from './measure.js';

const logger = createLogger({ level: 'silent', pretty: false });

/** Valid S10 numbers of China Post (`LS` + serial + check digit + `CN`): TrackingMore's `china-post`. */
function chinaPostNumbers(count: number, from: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const serial = String(from + i).padStart(8, '0');
    const check = [...'0123456789'].find((c) => CHECK_DIGITS.s10(serial, c)) as string;
    return `LS${serial}${check}CN`;
  });
}

interface Figures {
  readonly numbers: number;
  readonly seconds: number;
  readonly realtimeCalls: number;
  readonly refused429: number;
  readonly outcomes: string;
}

async function lookUp(count: number): Promise<Figures> {
  const sandbox = await startTrackingmoreSandbox({ clock: systemClock, enforceLimits: true });
  const http = createHttpClient();
  try {
    const adapter = await trackingmoreAdapter.create(
      { apiKey: sandbox.apiKey, baseUrl: `${sandbox.url}/v2` },
      { http, clock: systemClock, logger, cache: createMemoryCache(systemClock) },
    );
    const queue = createTrackingQueue({
      adapters: [{ adapter, limits: trackingmoreAdapter.limits }],
      clock: systemClock,
      random: Math.random,
      cache: createMemoryCache(systemClock),
      counters: counterStoreOn(createMemoryCache(systemClock)),
      logger,
    });
    const detector = createDetector();
    const tracking = createTrackingService({
      extractor: createExtractor({ matcher: detector.matcher }),
      detector,
      queue,
      enabledAdapters: new Set(['trackingmore']),
    });
    const started = performance.now();
    const results = await tracking.trackNumbers(chinaPostNumbers(count, 1_000_000), {
      locale: 'en',
      priority: 'interactive',
    });
    const seconds = (performance.now() - started) / 1000;
    const kinds = new Map<string, number>();
    for (const { outcome } of results) {
      const kind = outcome.kind === 'failed' ? `failed:${outcome.error.code}` : outcome.kind;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    const realtimeCalls = sandbox.requests.filter((r) => r.path.endsWith('/trackings/realtime')).length;
    return {
      numbers: count,
      seconds,
      realtimeCalls,
      refused429: sandbox.rateLimited,
      outcomes: [...kinds].map(([kind, n]) => `${n} ${kind}`).join(', '),
    };
  } finally {
    await http.close();
    await sandbox.close();
  }
}

export async function trackingmoreLookupSuite(): Promise<void> {
  console.log('## TrackingMore: one message with 12 China Post numbers, sandbox limits enforced (real time)');
  const rows = [await lookUp(12)];
  printTable(
    ['numbers', 'all answered after', 'realtime calls', '429 refusals', 'outcomes'],
    rows.map((f) => [
      String(f.numbers),
      formatSeconds(f.seconds),
      String(f.realtimeCalls),
      String(f.refused429),
      f.outcomes,
    ]),
  );
  console.log();
}
