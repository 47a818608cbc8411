import type { StoryEvent, StoryStage } from '../sandbox-kit/sandbox-server.js';
import type { SandboxCheckpoint, SandboxParcel } from './sandbox-parcels.js';

/** Each stage as a v2 checkpoint (`status.ts`), in Hong Kong so its local time is unambiguous. */
const CHECKPOINTS: Readonly<Record<StoryStage, SandboxCheckpoint>> = {
  info_received: { status: 'transit', text: 'Shipper created a label', details: 'Hong Kong' },
  in_transit: { status: 'transit', text: 'Departed from facility', details: 'Hong Kong' },
  out_for_delivery: { status: 'pickup', text: 'Out for delivery', details: 'Hong Kong' },
  delivered: { status: 'delivered', text: 'Delivered', details: 'Hong Kong' },
};

/**
 * `events` (those visible now) as the sandbox's parcel under the courier asked for, timed from the
 * sandbox's start `startedAt`.
 */
export function storyParcel(
  number: string,
  courier: string,
  events: readonly StoryEvent[],
  startedAt: number,
): SandboxParcel {
  return {
    number,
    courier,
    originCountry: 'Hong Kong',
    destinationCountry: 'Hong Kong',
    origin: events.map((e) => ({ afterMs: e.at - startedAt, event: CHECKPOINTS[e.stage] })),
  };
}
