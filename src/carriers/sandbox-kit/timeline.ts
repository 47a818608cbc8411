import type { StoryEvent, StorySource } from './sandbox-server.js';

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

/** The events of `number`'s story that have happened by `now`, oldest first; `undefined` when none has. */
export function storySoFar(
  stories: StorySource,
  number: string,
  now: number,
): readonly StoryEvent[] | undefined {
  const events = stories(number)?.filter((e) => e.at <= now);
  return events && events.length > 0 ? events : undefined;
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
