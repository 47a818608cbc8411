/**
 * One Postie instance of the scale-out bench (`scale-out.ts`), as a process of its own: the real
 * configuration (`loadConfig` on the environment the bench gives: STORE_URL and a carrier sandbox's
 * settings), the store backend with its one Redis connection, and the lookup path `postie track` uses
 * (`openLookups`: the carriers, the queue and its lanes). With `SCALE_OUT_SHARED=0` the lanes keep their
 * limits in this process, as before they were shared (the baseline). It says `ready` once set up, looks
 * its numbers up when the bench writes a line to its stdin, and prints what came of them as JSON.
 */
import { once } from 'node:events';
import { openLookups } from '../src/app/lookups.js';
import { loadConfig } from '../src/config.js';
import type { TrackingNumber } from '../src/domain/tracking-number.js';
import { createLogger } from '../src/logger.js';
import type { Priority } from '../src/queue/lane.js';
import { createLocalLaneStates } from '../src/queue/local-lane-state.js';
import { openStoreBackend } from '../src/store/open-store-backend.js';
import type { StoreBackend } from '../src/store/store-backend.js';
import { systemClock } from '../src/time/clock.js';

export interface WorkerJob {
  readonly adapter: string;
  readonly carrier: string;
  readonly courierCode?: string;
  readonly priority: Priority;
  readonly numbers: readonly string[];
  /** Lookups not answered by then count as unfinished (the baseline can pause for minutes). */
  readonly deadlineMs: number;
}

export interface WorkerReport {
  readonly answered: number;
  readonly failed: number;
  readonly failedCodes: Readonly<Record<string, number>>;
  readonly unfinished: number;
  readonly seconds: number;
}

const job = JSON.parse(process.env['SCALE_OUT_JOB'] ?? '{}') as WorkerJob;
const config = loadConfig(process.env);
// Logs to stderr: stdout carries the report.
const logger = createLogger({ level: config.log.level, pretty: false, destination: process.stderr });
const opened = await openStoreBackend(config.store.url);
await opened.ready();
const store: StoreBackend =
  process.env['SCALE_OUT_SHARED'] === '0' ? { ...opened, laneStates: createLocalLaneStates() } : opened;
const lookups = await openLookups(config, store, { clock: systemClock, logger, random: Math.random });

process.stdout.write('ready\n');
await once(process.stdin, 'data');

const started = performance.now();
const failedCodes: Record<string, number> = {};
let answered = 0;
let failed = 0;
const all = Promise.all(
  job.numbers.map(async (number) => {
    const outcome = await lookups.queue.lookup(
      job.adapter,
      {
        number: number as TrackingNumber,
        carrier: job.carrier,
        ...(job.courierCode ? { courierCode: job.courierCode } : {}),
      },
      { priority: job.priority, locale: 'en' },
    );
    if (outcome.kind === 'failed') {
      failed += 1;
      failedCodes[outcome.error.code] = (failedCodes[outcome.error.code] ?? 0) + 1;
    } else answered += 1;
  }),
);
await Promise.race([all, new Promise((resolve) => setTimeout(resolve, job.deadlineMs))]);
const report: WorkerReport = {
  answered,
  failed,
  failedCodes,
  unfinished: job.numbers.length - answered - failed,
  seconds: (performance.now() - started) / 1000,
};
process.stdout.write(`${JSON.stringify(report)}\n`);
// Lookups past the deadline may still wait in a paused lane: the figures are out, so stop here.
process.exit(0);
