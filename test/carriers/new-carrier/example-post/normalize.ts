import type { Shipment } from '../../../../src/domain/shipment.js';
import type { TrackingNumber } from '../../../../src/domain/tracking-number.js';
import type { ParcelAnswer } from './schema.js';
import { statusOfEvent } from './status.js';

/** A parcel answer for `number` as a `Shipment`: events newest first, the status of the newest. */
export function normalizeParcel(number: TrackingNumber, answer: ParcelAnswer, fetchedAt: string): Shipment {
  const events = answer.parcel.events
    .map((event, index) => ({
      key: `${event.code}:${event.time}:${index}`,
      time: event.time,
      description: { text: event.text },
      status: statusOfEvent(event.code),
      vendorCode: event.code,
    }))
    .sort((a, b) => Date.parse(b.time) - Date.parse(a.time));
  return {
    number,
    carrier: 'example-post',
    adapter: 'example-post',
    status: events[0]?.status ?? 'pending',
    events,
    fetchedAt,
  };
}
