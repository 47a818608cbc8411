import type { CarrierId } from './carrier.js';
import type { Locale } from './locale.js';

/**
 * What only a chat's administrators may do, and only after confirming: `/forget` (everything Postie keeps
 * about the chat) and `/unsubscribe all`.
 */
export const DESTRUCTIVE = ['forget', 'unsubscribe_all'] as const;
export type Destructive = (typeof DESTRUCTIVE)[number];

/**
 * What a button does. Actions travel inside the button (Telegram `callback_data`, at most 64 bytes;
 * Discord `custom_id`, at most 100 characters), so a button pressed after a restart still works: no
 * server-side state is needed to read one.
 */
export type Action =
  | { readonly kind: 'refresh'; readonly number: string; readonly carrier?: CarrierId }
  | { readonly kind: 'show_all'; readonly number: string; readonly carrier?: CarrierId }
  | { readonly kind: 'subscribe'; readonly number: string; readonly carrier?: CarrierId }
  | { readonly kind: 'unsubscribe'; readonly number: string }
  /** A stalled parcel's alert was heard: go on following it, without alerting again for this stall. */
  | { readonly kind: 'keep_following'; readonly number: string }
  /** Pass the parcel on: a link that opens Postie with its timeline (Telegram), or the command to send. */
  | { readonly kind: 'share'; readonly number: string }
  /** Track the number as another carrier than the best guess. */
  | { readonly kind: 'track_as'; readonly number: string; readonly carrier: CarrierId }
  | { readonly kind: 'language'; readonly locale: Locale }
  /**
   * Do `what` now. `expiresAt` (epoch ms, whole seconds) is when the button stops working: it rides in
   * the button, so a press after a restart is judged the same, and it is hostile input like the rest.
   */
  | { readonly kind: 'confirm'; readonly what: Destructive; readonly expiresAt: number }
  | { readonly kind: 'cancel'; readonly what: Destructive };
