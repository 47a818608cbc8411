import type { CarrierError } from './carrier-error.js';
import type { Shipment } from './shipment.js';

/** Why a carrier has nothing to show for a number it was asked about. */
export type NotFoundReason =
  /** The carrier has no record (yet): often a label printed but not handed over. */
  | 'no_record'
  /** The carrier no longer keeps the history (Hongkong Post 1003, TrackingMore `expired`). */
  | 'expired'
  /** The carrier will not tell us (Hongkong Post 1004; Fuuffy: not one of our merchant's orders). */
  | 'not_allowed';

/** What one number's lookup came to. Only whole-request failures throw; these are per number. */
export type TrackOutcome =
  | { readonly kind: 'found'; readonly shipment: Shipment }
  | { readonly kind: 'not_found'; readonly reason: NotFoundReason }
  | { readonly kind: 'failed'; readonly error: CarrierError };
