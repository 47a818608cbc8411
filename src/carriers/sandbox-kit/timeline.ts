/**
 * A scripted parcel's history: each step becomes visible `afterMs` after the sandbox's start, by the
 * sandbox clock, so tests and the demo advance a parcel by moving the clock.
 */
export interface TimelineStep<Event> {
  readonly afterMs: number;
  readonly event: Event;
}

/** The steps visible at `now`, oldest first. */
export function stepsSoFar<Event>(
  steps: readonly TimelineStep<Event>[],
  startedAt: number,
  now: number,
): Event[] {
  return steps.filter((s) => startedAt + s.afterMs <= now).map((s) => s.event);
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
