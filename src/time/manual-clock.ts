import type { Clock } from './clock.js';

/**
 * A clock that moves only when told: sandboxes' scripted timelines and tests use it (STYLE.md §11).
 * Sleepers wake, in deadline order, when `advance` passes their deadline.
 */
export interface ManualClock extends Clock {
  /** Moves time forward and wakes every sleeper whose deadline has come; resolves once they have run. */
  advance(ms: number): Promise<void>;
  /** Sets the time (forward only). */
  set(epochMs: number): Promise<void>;
  /** Sleepers still waiting. */
  readonly pending: number;
}

interface Sleeper {
  readonly at: number;
  readonly resolve: () => void;
}

export function createManualClock(startMs = Date.UTC(2026, 0, 1)): ManualClock {
  let now = startMs;
  let sleepers: Sleeper[] = [];

  const wake = async (until: number) => {
    for (;;) {
      const due = sleepers.filter((s) => s.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      sleepers = sleepers.filter((s) => s !== due);
      now = Math.max(now, due.at);
      due.resolve();
      // Let the woken code run (and perhaps sleep again) before the next deadline.
      await new Promise<void>((r) => setImmediate(r));
    }
    now = Math.max(now, until);
  };

  return {
    now: () => now,
    sleep(ms, signal) {
      return new Promise((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        if (ms <= 0) {
          resolve();
          return;
        }
        const sleeper: Sleeper = {
          at: now + ms,
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          sleepers = sleepers.filter((s) => s !== sleeper);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        sleepers.push(sleeper);
      });
    },
    advance: (ms) => wake(now + ms),
    set: (epochMs) => wake(Math.max(now, epochMs)),
    get pending() {
      return sleepers.length;
    },
  };
}
