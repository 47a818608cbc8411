import { performance } from 'node:perf_hooks';

export interface Timing {
  /** Median seconds per run. */
  readonly seconds: number;
  /** The fastest run: the least disturbed by whatever else the machine was doing. */
  readonly fastest: number;
  readonly runs: number;
}

/**
 * Runs `fn` until `budgetMs` has passed (at least `minRuns` times, after one warm-up run) and returns
 * the median duration. Medians resist the odd garbage-collection pause.
 */
export function time(fn: () => void, { budgetMs = 1500, minRuns = 3 } = {}): Timing {
  fn();
  const samples: number[] = [];
  const started = performance.now();
  while (samples.length < minRuns || performance.now() - started < budgetMs) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
    if (samples.length >= 1000) break;
  }
  samples.sort((a, b) => a - b);
  return {
    seconds: (samples[Math.floor(samples.length / 2)] as number) / 1000,
    fastest: (samples[0] as number) / 1000,
    runs: samples.length,
  };
}

export const MB = 1024 * 1024;

export function formatRate(value: number, unit: string): string {
  if (!Number.isFinite(value)) return `– ${unit}`;
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

export function formatSeconds(seconds: number): string {
  return seconds < 1 ? `${(seconds * 1000).toFixed(seconds < 0.01 ? 2 : 0)} ms` : `${seconds.toFixed(2)} s`;
}

/** A small seeded generator (mulberry32), so every run benchmarks the same corpus. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Prints rows as an aligned table. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
}
