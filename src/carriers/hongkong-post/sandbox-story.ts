import type { StoryEvent, StoryStage } from '../sandbox-kit/sandbox-server.js';
import { type ParcelStep, type ScriptedParcel, STORY_TEXTS, type Texts } from './sandbox-parcels.js';

/**
 * A story's events as a local Hongkong Post item, in the scripted parcels' texts. Hongkong Post says
 * nothing like "out for delivery" (`status.ts`): that stage is its arrival at the delivery office.
 */
const { milestones: M, messages: E, dropOffPoint } = STORY_TEXTS;
const TEXTS: Readonly<Record<StoryStage, { readonly message: Texts; readonly milestone: Texts }>> = {
  info_received: { message: E.posted, milestone: M.posted },
  in_transit: { message: E.inTransit, milestone: M.inTransit },
  out_for_delivery: { message: E.office, milestone: M.office },
  delivered: { message: E.delivered, milestone: M.delivered },
};

/** `events` (those visible now) as the sandbox's parcel, timed from the sandbox's start `startedAt`. */
export function storyParcel(
  itemNo: string,
  events: readonly StoryEvent[],
  startedAt: number,
): Extract<ScriptedParcel, { kind: 'tracked' }> {
  const steps: ParcelStep[] = events.map((e) => ({
    afterMs: e.at - startedAt,
    country: 'HK',
    ...TEXTS[e.stage],
  }));
  return { kind: 'tracked', itemNo, origin: 'HK', destination: 'HK', dropOffPoint, steps };
}
