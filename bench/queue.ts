/**
 * The tracking queue against the Hongkong Post sandbox with its limits enforced, beside a naive client
 * (one request per number, no queue) in the same run:
 * - a backlog of 3,000 numbers: requests used, batch fill, least spacing, 9991 answers, drain time;
 * - interactive latency (p50/p99) while 10,000 background lookups are queued;
 * - 100 concurrent identical lookups: upstream calls.
 */
import { createMemoryCache } from '../src/cache/memory-cache.js';
import { hongkongPostAdapter } from '../src/carriers/hongkong-post/index.js';
import { startHongkongPostSandbox } from '../src/carriers/hongkong-post/sandbox.js';
import { CHECK_DIGITS } from '../src/detect/check-digits.js';
import type { TrackingNumber } from '../src/domain/tracking-number.js';
import { createHttpClient } from '../src/http/http-client.js';
import { createLogger } from '../src/logger.js';
import { counterStoreOn } from '../src/queue/counter-store.js';
import { createTrackingQueue } from '../src/queue/tracking-queue.js';
import { systemClock } from '../src/time/clock.js';
import { formatSeconds, printTable } from './measure.js';

const logger = createLogger({ level: 'silent', pretty: false });

/** Valid S10 numbers for Hongkong Post: `RR` + serial + check + `HK`. */
export function hkNumbers(count: number, from: number): TrackingNumber[] {
  return Array.from({ length: count }, (_, i) => {
    const serial = String(from + i).padStart(8, '0');
    const check = [...'0123456789'].find((c) => CHECK_DIGITS.s10(serial, c)) as string;
    return `RR${serial}${check}HK` as TrackingNumber;
  });
}

async function withSandbox<T>(
  run: (baseUrl: string, sandbox: Awaited<ReturnType<typeof startHongkongPostSandbox>>) => Promise<T>,
): Promise<T> {
  const sandbox = await startHongkongPostSandbox({ clock: systemClock, enforceLimits: true });
  try {
    return await run(`${sandbox.url}/mailTrackingAPI`, sandbox);
  } finally {
    await sandbox.close();
  }
}

async function setupQueue(baseUrl: string) {
  const http = createHttpClient();
  const adapter = await hongkongPostAdapter.create(
    { sysId: 'sandbox-id', sysSecret: 'sandbox-secret', baseUrl },
    { http, clock: systemClock, logger, cache: createMemoryCache(systemClock) },
  );
  const queue = createTrackingQueue({
    adapters: [{ adapter, limits: hongkongPostAdapter.limits }],
    clock: systemClock,
    random: Math.random,
    cache: createMemoryCache(systemClock),
    counters: counterStoreOn(createMemoryCache(systemClock)),
    logger,
  });
  return { queue, http };
}

const lookupOf =
  (queue: Awaited<ReturnType<typeof setupQueue>>['queue'], priority: 'interactive' | 'background') =>
  (number: TrackingNumber) =>
    queue.lookup('hongkong-post', { number, carrier: 'hongkong-post' }, { priority, locale: 'en' });

interface BacklogFigures {
  readonly requests: number;
  readonly answered: number;
  readonly refused9991: number;
  readonly fill: number;
  readonly minGapMs: number;
  readonly seconds: number;
}

/** Reads what the sandbox saw: tracking requests, their item counts, gaps, and 9991 answers. */
function figures(
  sandbox: { requests: readonly { path: string; body: string; at: number }[] },
  refused: number,
  answered: number,
  seconds: number,
): BacklogFigures {
  const tracking = sandbox.requests.filter((r) => r.path.endsWith('/mailTracking'));
  const items = tracking.map((r) => (JSON.parse(r.body) as { itemNo: unknown[] }).itemNo.length);
  const gaps = tracking.slice(1).map((r, i) => r.at - (tracking[i]?.at ?? 0));
  return {
    requests: tracking.length,
    answered,
    refused9991: refused,
    fill: items.reduce((a, b) => a + b, 0) / Math.max(1, items.length) / 30,
    minGapMs: gaps.length > 0 ? Math.min(...gaps) : Number.NaN,
    seconds,
  };
}

async function postieBacklog(numbers: readonly TrackingNumber[]): Promise<BacklogFigures> {
  return withSandbox(async (baseUrl, sandbox) => {
    const { queue, http } = await setupQueue(baseUrl);
    const started = performance.now();
    const outcomes = await Promise.all(numbers.map(lookupOf(queue, 'background')));
    const seconds = (performance.now() - started) / 1000;
    await http.close();
    const refused = outcomes.filter((o) => o.kind === 'failed' && o.error.code === 'rate_limited').length;
    return figures(sandbox, refused, outcomes.filter((o) => o.kind !== 'failed').length, seconds);
  });
}

/** One request per number, one after another, no queue: what a script calling the API directly does. */
async function naiveBacklog(numbers: readonly TrackingNumber[]): Promise<BacklogFigures> {
  return withSandbox(async (baseUrl, sandbox) => {
    const http = createHttpClient();
    const login = await http.request({
      method: 'POST',
      url: `${baseUrl}/api/authenticate`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sysId: 'sandbox-id', sysSecret: 'sandbox-secret' }),
      timeoutMs: 10_000,
    });
    const token = (JSON.parse(login.body) as { id_token: string }).id_token;
    let refused = 0;
    let answered = 0;
    const started = performance.now();
    for (const number of numbers) {
      const response = await http.request({
        method: 'POST',
        url: `${baseUrl}/api/version/1/mailTracking`,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ lang: 'E', itemNo: [number] }),
        timeoutMs: 10_000,
      });
      const status = (JSON.parse(response.body) as { status: number }).status;
      if (status === 9991) refused += 1;
      else answered += 1;
    }
    const seconds = (performance.now() - started) / 1000;
    await http.close();
    return figures(sandbox, refused, answered, seconds);
  });
}

async function interactiveLatency(
  backlog: number,
  probes: number,
): Promise<{ p50: number; p99: number; max: number }> {
  return withSandbox(async (baseUrl) => {
    const { queue, http } = await setupQueue(baseUrl);
    const background = hkNumbers(backlog, 10_000_000).map(lookupOf(queue, 'background'));
    void background;
    await new Promise((r) => setTimeout(r, 500));
    const latencies: number[] = [];
    for (const number of hkNumbers(probes, 20_000_000)) {
      const started = performance.now();
      await lookupOf(queue, 'interactive')(number);
      latencies.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 150));
    }
    latencies.sort((a, b) => a - b);
    await http.close();
    const at = (q: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] as number;
    return { p50: at(0.5), p99: at(0.99), max: latencies.at(-1) as number };
  });
}

async function identicalLookups(count: number): Promise<number> {
  return withSandbox(async (baseUrl, sandbox) => {
    const { queue, http } = await setupQueue(baseUrl);
    const [number] = hkNumbers(1, 30_000_000);
    await Promise.all(
      Array.from({ length: count }, () => lookupOf(queue, 'interactive')(number as TrackingNumber)),
    );
    await http.close();
    return sandbox.requests.filter((r) => r.path.endsWith('/mailTracking')).length;
  });
}

export async function queueSuite(): Promise<void> {
  const backlog = hkNumbers(3000, 1_000_000);
  console.log('## Queue: a backlog of 3,000 Hongkong Post numbers against the sandbox (limits enforced)');
  const postie = await postieBacklog(backlog);
  const naive = await naiveBacklog(backlog);
  printTable(
    [
      'client',
      'requests',
      'answered',
      '9991 refusals',
      'batch fill',
      'least gap',
      'drain time',
      'vs 100 ms floor',
    ],
    [
      ['postie queue', postie, 100],
      ['naive client', naive, 3000],
    ].map(([name, f, floorRequests]) => {
      const fig = f as BacklogFigures;
      return [
        name as string,
        String(fig.requests),
        String(fig.answered),
        String(fig.refused9991),
        `${(fig.fill * 100).toFixed(0)}%`,
        Number.isNaN(fig.minGapMs) ? '–' : `${fig.minGapMs} ms`,
        formatSeconds(fig.seconds),
        `${((floorRequests as number) * 0.1).toFixed(1)} s`,
      ];
    }),
  );
  console.log(
    `requests used: postie ${postie.requests} vs naive ${naive.requests} (1/${(naive.requests / postie.requests).toFixed(0)})\n`,
  );

  const latency = await interactiveLatency(10_000, 40);
  console.log('## Queue: interactive lookups while 10,000 background lookups wait');
  printTable(
    ['p50', 'p99', 'max'],
    [
      [
        formatSeconds(latency.p50 / 1000),
        formatSeconds(latency.p99 / 1000),
        formatSeconds(latency.max / 1000),
      ],
    ],
  );
  console.log();

  console.log('## Queue: 100 concurrent identical lookups');
  console.log(`upstream calls: ${await identicalLookups(100)}\n`);
}
