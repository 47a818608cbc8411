import { performance } from 'node:perf_hooks';
import { GCProfiler, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { normalizeText } from '../src/extract/normalize-text.js';
import { adversarialInputs } from './adversarial.js';
import { baseline } from './baseline.js';
import { chatCorpus } from './chat-corpus.js';
import { formatSeconds, MB, printTable } from './measure.js';

/** What one scan of 1 MB cost: wall time, time in garbage collection, and heap allocated and kept. */
interface ScanCost {
  readonly seconds: number;
  /** Share of the wall time spent in GC pauses (V8's own GC cost figures, `v8.GCProfiler`). */
  readonly gcShare: number;
  /** Bytes allocated on the JS heap per input character (growth between collections, summed). */
  readonly allocatedPerByte: number;
  /** Highest heap use seen during the runs above the heap before them, per input character. */
  readonly peakPerByte: number;
}

let gc: (() => void) | undefined;
function collect(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

/**
 * Runs `scan` `rounds` times in a row (after a warm-up run and a full collection) under V8's GC profiler
 * and reports the mean per run. Allocation is the heap growth between collections summed, so it counts
 * what each collection reclaimed; the peak is the highest heap use seen above the heap before the runs.
 */
function measureScan(scan: () => unknown, inputBytes: number, rounds: number): ScanCost {
  scan();
  collect();
  const profiler = new GCProfiler();
  const before = process.memoryUsage().heapUsed;
  profiler.start();
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) scan();
  const seconds = (performance.now() - t0) / 1000;
  const after = process.memoryUsage().heapUsed;
  const data = profiler.stop();
  let gcMicros = 0;
  let allocated = 0;
  let peak = after;
  let heapAt = before;
  for (const entry of data?.statistics ?? []) {
    gcMicros += entry.cost;
    const used = entry.beforeGC.heapStatistics.usedHeapSize;
    allocated += Math.max(0, used - heapAt);
    peak = Math.max(peak, used);
    heapAt = entry.afterGC.heapStatistics.usedHeapSize;
  }
  allocated += Math.max(0, after - heapAt);
  return {
    seconds: seconds / rounds,
    gcShare: gcMicros / 1e6 / seconds,
    allocatedPerByte: allocated / rounds / inputBytes,
    peakPerByte: (peak - before) / inputBytes,
  };
}

/** About 1 MB of chat messages, each scanned as its own message (ts-tracking-number is quadratic on one long text). */
function chatMessages(): string[] {
  const messages: string[] = [];
  let size = 0;
  for (const m of chatCorpus(20_000)) {
    if (size >= MB) break;
    messages.push(m.text);
    size += m.text.length;
  }
  return messages;
}

/** 1 MB of Chinese and Japanese chat with full-width numbers, which NFKC folds. */
function fullWidthMegabyte(): string {
  const unit =
    '順豐單號：ＳＦ７４４４７００４９９７０１，お問い合わせ番号 １２３４－５６７８－９０１３ です。\n';
  return unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
}

/**
 * GC share and heap growth of a 1 MB scan, Postie beside ts-tracking-number, and NFKC folding beside
 * `String.prototype.normalize` (which keeps no offsets).
 */
export function scanMemorySuite(find: (text: string) => unknown): void {
  console.log(
    '## Scan cost of 1 MB: time, share in GC, heap allocated and peak per input character (mean of 5 runs in a row, ts-tracking-number 2)',
  );
  const row = (name: string, scanner: string, cost: ScanCost) => [
    name,
    scanner,
    formatSeconds(cost.seconds),
    `${(cost.gcShare * 100).toFixed(0)}%`,
    cost.allocatedPerByte.toFixed(1),
    cost.peakPerByte.toFixed(1),
  ];
  const messages = chatMessages();
  const chatSize = messages.reduce((sum, m) => sum + m.length, 0);
  const eachMessage = (scan: (text: string) => unknown) => () => {
    for (const m of messages) scan(m);
  };
  const rows: string[][] = [];
  rows.push(row('chat messages', 'postie', measureScan(eachMessage(find), chatSize, 5)));
  rows.push(row('chat messages', baseline.name, measureScan(eachMessage(baseline.find), chatSize, 2)));
  const inputs: Record<string, string> = {
    'digit groups': adversarialInputs(MB)['digit groups'] as string,
    'digit, space': adversarialInputs(MB)['digit, space'] as string,
    'numbers in prose': adversarialInputs(MB)['numbers in prose'] as string,
    'full-width CJK': fullWidthMegabyte(),
  };
  for (const [name, text] of Object.entries(inputs)) {
    rows.push(
      row(
        name,
        'postie',
        measureScan(() => find(text), text.length, 5),
      ),
    );
    rows.push(
      row(
        name,
        baseline.name,
        measureScan(() => baseline.find(text), text.length, 2),
      ),
    );
  }
  const wide = inputs['full-width CJK'] as string;
  rows.push(
    row(
      'full-width CJK',
      'normalizeText',
      measureScan(() => normalizeText(wide), wide.length, 5),
    ),
  );
  rows.push(
    row(
      'full-width CJK',
      'String#normalize',
      measureScan(() => wide.normalize('NFKC'), wide.length, 5),
    ),
  );
  printTable(['input', 'scanner', 'time', 'GC', 'allocated B/char', 'peak B/char'], rows);
  console.log();
}
