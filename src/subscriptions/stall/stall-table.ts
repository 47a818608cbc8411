import type { ShipmentStatus } from '../../domain/shipment.js';
import { days } from '../polling/cadence-table.js';

/**
 * How long a followed parcel may go without news before its chats are told it has stalled, as data: one
 * row per situation. `stall-deadline.ts` reads the table; change the numbers here. Durations are
 * milliseconds, counted from the parcel's last event.
 *
 * The situations are the shipment statuses (`domain/shipment.ts`), with two read from the last event's
 * text because no status names them: `at_customs` (presented to or held by customs, not yet released)
 * and `returned` (on its way back, or back with, the sender).
 *
 * Where the numbers come from: the carriers' own delivery targets and enquiry rules, with room for
 * weekends. NZ Post's targets (https://www.nzpost.co.nz/personal/receiving/parcel-enquiry-support):
 * within New Zealand next working day (courier) to 3 working days (economy); international 1–5 (express)
 * to 3–13 (economy) working days, and "raise an enquiry with your sender first". Hongkong Post takes
 * enquiries on Speedpost items from 2 days after posting and on registered mail from 2 weeks
 * (https://www.hongkongpost.hk/en/faq_support/mail_tracing/q3/index.html). A parcel abroad goes days
 * between scans (flights, sorting at the office of exchange, customs) without anything being wrong, so
 * the international row is long; a domestic parcel moves daily.
 */

export type StallSituation = ShipmentStatus | 'at_customs' | 'returned';

/**
 * How one situation stalls.
 * - a number: no news for that long.
 * - `byRoute`: no news for `domestic` within one country, `international` across a border.
 * - `pastWindow`: no news for that long after the delivery window closes (the carrier's estimate, or the
 *   end of the day the parcel went out).
 * - `never`: it does not stall (delivered, expired, returned: nothing is coming).
 */
export type StallRule =
  | number
  | { readonly domestic: number; readonly international: number }
  | { readonly pastWindow: number }
  | 'never';

export const STALL_AFTER = {
  // The sender made a label and has not handed the parcel over: after five days, it is the sender to ask.
  pending: days(5),
  info_received: days(5),
  // Domestic: three working days is the slowest target (NZ Post Economy); abroad, a week between scans
  // is still within the economy targets (3–13 working days door to door).
  in_transit: { domestic: days(3), international: days(7) },
  // Customs usually clears in a day or two; four days without release means papers or duties are wanted.
  at_customs: days(4),
  // Out for delivery and not delivered by the day after: the courier should have been back with it.
  out_for_delivery: { pastWindow: days(1) },
  // Counters keep items for a week or more; after five days it is time to collect before it goes back.
  available_for_pickup: days(5),
  // The next attempt (or a card to collect) comes the next working day; two days without either is odd.
  failed_attempt: days(2),
  // Held or damaged: people resolve it within days, and the carrier usually wants the receiver's call.
  exception: days(3),
  // A code Postie cannot read: counted like transit.
  unknown: { domestic: days(3), international: days(7) },
  returned: 'never',
  delivered: 'never',
  expired: 'never',
} as const satisfies Readonly<Record<StallSituation, StallRule>>;
