import type { Clock } from '../time/clock.js';

/** How a lane's dispatch loop waits: for something new (`idle`), or on the clock until a time. */
export interface LaneWaker {
  /** Resolves at the next `wake`. */
  idle(): Promise<void>;
  /** Sleeps on the clock until `at`, or until the next `wake`, whichever comes first. */
  sleepUntil(at: number): Promise<void>;
  /** Something arrived or a request ended: the loop looks again. */
  wake(): void;
}

export function createLaneWaker(clock: Clock): LaneWaker {
  let wakeUp: (() => void) | undefined;
  const idle = () =>
    new Promise<void>((resolve) => {
      wakeUp = resolve;
    });
  return {
    idle,
    async sleepUntil(at) {
      const woken = new AbortController();
      const arrival = idle().then(() => woken.abort());
      try {
        await clock.sleep(at - clock.now(), woken.signal);
      } catch {
        // Woken early by an arrival or a finished request: the loop looks again.
      } finally {
        wakeUp = undefined;
        void arrival;
      }
    },
    wake() {
      const wake = wakeUp;
      wakeUp = undefined;
      wake?.();
    },
  };
}
