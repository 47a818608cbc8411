// Runs ts-tracking-number's text search in a worker, so the benchmark can give up on inputs it cannot
// finish in time (its patterns backtrack) instead of hanging.
import { parentPort, workerData } from 'node:worker_threads';
import tsTrackingNumber from 'ts-tracking-number';

const started = performance.now();
const found = tsTrackingNumber.findTracking((workerData as { text: string }).text);
parentPort?.postMessage({ seconds: (performance.now() - started) / 1000, found: found.length });
