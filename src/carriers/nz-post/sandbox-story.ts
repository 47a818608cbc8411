import type { StoryEvent, StoryStage } from '../sandbox-kit/sandbox-server.js';
import type { SandboxEvent, SandboxParcel } from './sandbox-parcels.js';

/** Each stage as a CourierPost scan: EDIFACT codes of `status.ts`, texts in the scripted parcels' words. */
const SCANS: Readonly<Record<StoryStage, SandboxEvent>> = {
  info_received: { code: '78', status: 'Courier to collect', text: 'A courier will collect your item.' },
  in_transit: {
    code: '8',
    status: 'Processing at depot',
    text: 'Your item is being processed at our Auckland depot.',
  },
  out_for_delivery: {
    code: '32',
    status: 'With courier for delivery',
    text: 'Your item is with our courier for delivery. It should be with you today',
    window: 'auto',
  },
  delivered: {
    code: '22',
    status: 'Delivered',
    text: 'Your item has been delivered. It was left in a safe place.',
  },
};

/** `events` (those visible now) as the sandbox's parcel, timed from the sandbox's start `startedAt`. */
export function storyParcel(
  reference: string,
  events: readonly StoryEvent[],
  startedAt: number,
): SandboxParcel {
  return {
    reference,
    carrier: 'CourierPost',
    steps: events.map((e) => ({ afterMs: e.at - startedAt, event: SCANS[e.stage] })),
  };
}
