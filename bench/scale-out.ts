/**
 * `npm run bench -- scale-out`: several Postie instances, each a process of its own
 * (`scale-out-worker.ts`: the real configuration, store backend and lookup path), sharing a private
 * `redis-server` and one carrier account on the carrier's sandbox with its limits enforced. Per
 * carrier, in the same run: one instance with every number, three instances with a third each sharing
 * the lanes' state through Redis, and three instances keeping the limits in their own memory (the
 * baseline: how Postie behaved before the lanes were shared).
 *
 * Figures from what the sandbox saw: tracking requests, arrival gaps under 100 ms and the least gap
 * (every arrival, refused ones included), the most arrivals in any second, the carrier's refusals
 * (Hongkong Post 9991, TrackingMore 429, NZ Post calls over 15 a second that it queued), failed and
 * unfinished lookups, and the wall time from "go" to the last instance's last answer.
 *
 * Hongkong Post's lookups are a person's (as `postie track` asks); TrackingMore's and NZ Post's are
 * background ones, since their lanes answer a person "busy" rather than queue minutes of lookups.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { hongkongPostSandboxEnv, startHongkongPostSandbox } from '../src/carriers/hongkong-post/sandbox.js';
import { nzPostSandboxEnv, startNzPostSandbox } from '../src/carriers/nz-post/sandbox.js';
import type { SandboxServer } from '../src/carriers/sandbox-kit/sandbox-server.js';
import { startTrackingmoreSandbox, trackingmoreSandboxEnv } from '../src/carriers/trackingmore/sandbox.js';
import type { Priority } from '../src/queue/lane.js';
import { systemClock } from '../src/time/clock.js';
import { startRedisServer } from '../test/helpers/redis-server.js';
import { formatSeconds, printTable } from './measure.js';
import { hkNumbers } from './queue.js';
import type { WorkerJob, WorkerReport } from './scale-out-worker.js';

const WORKER = join(import.meta.dirname, 'scale-out-worker.js');

interface Sandbox {
  readonly server: SandboxServer;
  readonly env: Record<string, string>;
  refusals(): number;
}

interface Scenario {
  readonly label: string;
  readonly adapter: string;
  readonly carrier: string;
  readonly courierCode?: string;
  readonly priority: Priority;
  readonly total: number;
  /** The path of a tracking request at the sandbox (logins are not counted). */
  readonly tracking: (path: string) => boolean;
  readonly numbers: (count: number) => string[];
  start(): Promise<Sandbox>;
}

const SCENARIOS: readonly Scenario[] = [
  {
    label: 'Hongkong Post (100 ms apart, 30 a request)',
    adapter: 'hongkong-post',
    carrier: 'hongkong-post',
    priority: 'interactive',
    total: 2_700,
    tracking: (path) => path.endsWith('/mailTracking'),
    numbers: (count) => hkNumbers(count, 40_000_000),
    async start() {
      const sandbox = await startHongkongPostSandbox({ clock: systemClock, enforceLimits: true });
      return { server: sandbox, env: hongkongPostSandboxEnv(sandbox), refusals: () => sandbox.refused };
    },
  },
  {
    label: 'TrackingMore (3 a second)',
    adapter: 'trackingmore',
    carrier: 'usps',
    courierCode: 'usps',
    priority: 'background',
    total: 90,
    tracking: (path) => path.endsWith('/trackings/realtime'),
    numbers: (count) => Array.from({ length: count }, (_, i) => `BENCH${String(i).padStart(8, '0')}US`),
    async start() {
      const sandbox = await startTrackingmoreSandbox({ clock: systemClock, enforceLimits: true });
      return { server: sandbox, env: trackingmoreSandboxEnv(sandbox), refusals: () => sandbox.rateLimited };
    },
  },
  {
    label: 'NZ Post (15 a second)',
    adapter: 'nz-post',
    carrier: 'nz-post',
    priority: 'background',
    total: 240,
    tracking: (path) => path.includes('/parcels/'),
    numbers: (count) => Array.from({ length: count }, (_, i) => `BENCH${String(i).padStart(8, '0')}NZ`),
    async start() {
      const sandbox = await startNzPostSandbox({ clock: systemClock, enforceLimits: true });
      return { server: sandbox, env: nzPostSandboxEnv(sandbox), refusals: () => sandbox.queued };
    },
  },
];

interface RunFigures {
  readonly requests: number;
  readonly under100: number;
  readonly leastGapMs: number;
  readonly busiestSecond: number;
  readonly refusals: number;
  readonly failed: number;
  readonly failedCodes: Readonly<Record<string, number>>;
  readonly unfinished: number;
  readonly seconds: number;
}

/** Starts a worker; resolves once it is set up (`ready`), with its report to come after `go`. */
async function startWorker(
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; report: Promise<WorkerReport>; exited: Promise<unknown> }> {
  const child = spawn(process.execPath, [WORKER], { env, stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.value !== 'ready') throw new Error(`a scale-out worker did not start: ${String(first.value)}`);
  const report = iterator.next().then(({ value }) => JSON.parse(String(value)) as WorkerReport);
  return { child, report, exited };
}

async function run(
  scenario: Scenario,
  instances: number,
  shared: boolean,
  deadlineMs: number,
): Promise<RunFigures> {
  const redis = await startRedisServer();
  const sandbox = await scenario.start();
  const numbers = scenario.numbers(scenario.total);
  const share = Math.ceil(numbers.length / instances);
  try {
    const workers = await Promise.all(
      Array.from({ length: instances }, (_, i) => {
        const job: WorkerJob = {
          adapter: scenario.adapter,
          carrier: scenario.carrier,
          ...(scenario.courierCode ? { courierCode: scenario.courierCode } : {}),
          priority: scenario.priority,
          numbers: numbers.slice(i * share, (i + 1) * share),
          deadlineMs,
        };
        return startWorker({
          PATH: process.env['PATH'],
          STORE_URL: redis.url,
          LOG_LEVEL: 'silent',
          ...sandbox.env,
          SCALE_OUT_JOB: JSON.stringify(job),
          SCALE_OUT_SHARED: shared ? '1' : '0',
        });
      }),
    );
    const started = performance.now();
    for (const { child } of workers) child.stdin?.write('go\n');
    const reports = await Promise.all(workers.map((w) => w.report));
    const seconds = (performance.now() - started) / 1000;
    await Promise.all(workers.map((w) => w.exited));
    const arrivals = sandbox.server.requests.filter((r) => scenario.tracking(r.path)).map((r) => r.at);
    arrivals.sort((a, b) => a - b);
    const gaps = arrivals.slice(1).map((at, i) => at - (arrivals[i] as number));
    const failedCodes: Record<string, number> = {};
    for (const r of reports)
      for (const [code, n] of Object.entries(r.failedCodes)) failedCodes[code] = (failedCodes[code] ?? 0) + n;
    return {
      requests: arrivals.length,
      under100: gaps.filter((g) => g < 100).length,
      leastGapMs: gaps.length > 0 ? Math.min(...gaps) : Number.NaN,
      busiestSecond: busiestSecond(arrivals),
      refusals: sandbox.refusals(),
      failed: reports.reduce((sum, r) => sum + r.failed, 0),
      failedCodes,
      unfinished: reports.reduce((sum, r) => sum + r.unfinished, 0),
      seconds,
    };
  } finally {
    await sandbox.server.close();
    await redis.stop();
  }
}

function busiestSecond(sorted: readonly number[]): number {
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] as number) - (sorted[j] as number) >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

export async function scaleOutSuite(): Promise<void> {
  console.log(
    '## Scale-out: Postie processes sharing one Redis and one carrier account (sandboxes, limits enforced)',
  );
  for (const scenario of SCENARIOS) {
    const single = await run(scenario, 1, true, 600_000);
    const sharedRun = await run(scenario, 3, true, 600_000);
    // The baseline can stop for minutes after a refusal (TrackingMore: 120 s): it gets twice the single time.
    const baseline = await run(scenario, 3, false, Math.max(10_000, 2 * single.seconds * 1000));
    console.log(`\n### ${scenario.label}: ${scenario.total} ${scenario.priority} lookups`);
    const rows = [
      ['1 instance', single, scenario.total],
      ['3 instances, shared lanes', sharedRun, scenario.total / 3],
      ['3 instances, lanes in memory (before)', baseline, scenario.total / 3],
    ] as const;
    printTable(
      [
        'instances',
        'numbers each',
        'requests',
        'gaps < 100 ms',
        'least gap',
        'most in 1 s',
        'refusals',
        'failed',
        'unfinished',
        'wall time',
        'vs 1 instance',
      ],
      rows.map(([name, f, each]) => [
        name,
        String(each),
        String(f.requests),
        String(f.under100),
        Number.isNaN(f.leastGapMs) ? '–' : `${f.leastGapMs} ms`,
        String(f.busiestSecond),
        String(f.refusals),
        f.failed === 0
          ? '0'
          : `${f.failed} (${Object.entries(f.failedCodes)
              .map(([c, n]) => `${c} ${n}`)
              .join(', ')})`,
        String(f.unfinished),
        formatSeconds(f.seconds),
        `${(f.seconds / single.seconds).toFixed(2)}×`,
      ]),
    );
  }
  console.log();
}
