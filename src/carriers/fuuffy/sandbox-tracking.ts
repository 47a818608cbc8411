import { formatWithOffset } from '../../time/zoned-time.js';
import type { SandboxReply, StorySource } from '../sandbox-kit/sandbox-server.js';
import { storySoFar } from '../sandbox-kit/timeline.js';
import { SANDBOX_PARCELS, type SandboxParcel } from './sandbox-parcels.js';
import { storyParcel } from './sandbox-story.js';

/** Fuuffy's error envelope: `{error: {code, code_reason, message, error_code?, error_trace?}}` (seeds/003). */
export const envelope = (
  status: number,
  reason: string,
  message: string,
  extra: Record<string, unknown> = {},
) => ({
  error: { code: `${status}000`, code_reason: reason, message, ...extra },
});

/** The answer for one lookup by order id (path) or tracking number (query), from `stories` when given. */
export function trackingReply(
  orderId: string | undefined,
  number: string | undefined,
  startedAt: number,
  now: number,
  stories?: StorySource,
): SandboxReply {
  if (!orderId && !number) {
    return {
      status: 400,
      body: envelope(400, 'BAD_REQUEST', 'Bad Request', {
        error_code: 'TRACKING_NUMBER_REQUIRED',
        error_trace: [
          { field: 'order_id', message: 'order_id is required when tracking_number is not provided' },
        ],
      }),
    };
  }
  const field = orderId ? 'order_id' : 'tracking_number';
  const valid = orderId ? /^\d{1,20}$/.test(orderId) : /^[A-Za-z0-9]{6,40}$/.test(number ?? '');
  if (!valid) {
    return {
      status: 400,
      body: envelope(400, 'BAD_REQUEST', 'Bad Request', {
        error_trace: [{ field, message: `${field} is invalid` }],
      }),
    };
  }
  const parcel = stories
    ? storyParcelOf(stories, number?.toUpperCase(), startedAt, now)
    : SANDBOX_PARCELS.find((p) =>
        orderId ? p.orderId === orderId : p.trackingNumber === number?.toUpperCase(),
      );
  if (!parcel) {
    return {
      status: 400,
      body: envelope(400, 'BAD_REQUEST', 'Bad Request', { error_code: 'ORDER_NOT_FOUND' }),
    };
  }
  if (parcel.otherMerchant) return { status: 403, body: envelope(403, 'FORBIDDEN', 'Forbidden') };
  return { status: 200, body: { data: trackingData(parcel, startedAt, now) } };
}

/** A story's parcel by tracking number (stories know no order ids). */
function storyParcelOf(
  stories: StorySource,
  number: string | undefined,
  startedAt: number,
  now: number,
): SandboxParcel | undefined {
  if (number === undefined) return undefined;
  const story = storySoFar(stories, number, now);
  return story && storyParcel(number, story, startedAt);
}

function trackingData(parcel: SandboxParcel, startedAt: number, now: number) {
  const visible = parcel.steps.filter((s) => startedAt + s.afterMs <= now);
  return {
    tracking_number: parcel.trackingNumber,
    order_id: parcel.orderId,
    order_status: parcel.orderStatus,
    export_country: parcel.exportCountry,
    destination_country: parcel.destinationCountry,
    shipping_provider: 'Sf Express',
    courier_name: 'Sf Express',
    // Oldest first, as SF lists routes.
    tracking_msg_list: visible.map(({ afterMs, event }) => ({
      code: event.code,
      location: event.location,
      date: event.date ?? hongKongWallTime(startedAt + afterMs),
      message: event.message,
    })),
    message: 'OK',
  };
}

/** `2025-12-09 17:37:09`: an instant as Fuuffy writes it, Hong Kong time without an offset. */
function hongKongWallTime(epochMs: number): string {
  return formatWithOffset(Math.floor(epochMs / 1000) * 1000, 480)
    .slice(0, 19)
    .replace('T', ' ');
}
