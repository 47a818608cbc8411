import { type Clock, systemClock } from './clock.js';

/** Real time plus an offset that only grows: `postie demo` moves the sandbox parcels on with `/advance 6h`. */
export interface AdjustableClock extends Clock {
  advance(ms: number): void;
}

export function createAdjustableClock(real: Clock = systemClock): AdjustableClock {
  let offset = 0;
  return {
    now: () => real.now() + offset,
    sleep: (ms, signal) => real.sleep(ms, signal),
    advance(ms) {
      offset += Math.max(0, ms);
    },
  };
}

const UNITS: Readonly<Record<string, number>> = {
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** `90s`, `15m`, `6h`, `2d` as milliseconds; `undefined` for anything else. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|min|h|d)\s*$/i.exec(text);
  const unit = m?.[2] ? UNITS[m[2].toLowerCase()] : undefined;
  return m && unit ? Number(m[1]) * unit : undefined;
}
