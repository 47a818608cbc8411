import type { AdapterId } from './carrier.js';

/**
 * What `postie status`, the admin `/status` chat command and the status page show: the state of one
 * running Postie and of the store it shares, as plain data (each reader renders it its own way).
 * Numbers of requests, never a chat or a tracking number.
 */

/** One limit's use: `used` of `limit` in the window or day, `left` what remains. */
export interface QuotaUse {
  readonly used: number;
  readonly limit: number;
  readonly left: number;
}

/** A carrier lane's limits and queue right now. */
export interface CarrierStatus {
  readonly adapter: AdapterId;
  /** The carrier's calendar day (its own time zone), when it has a daily quota. */
  readonly day?: QuotaUse & { readonly timeZone: string };
  /** The rolling 24 hours, when the carrier counts them. */
  readonly rollingDay?: QuotaUse;
  /** Its short sliding windows (`12 per 1 000 ms`), as this instance counts them. */
  readonly windows: readonly (QuotaUse & { readonly windowMs: number })[];
  /** Lookups waiting in this instance's lane; absent when read from the store alone. */
  readonly queue?: {
    readonly interactive: number;
    readonly background: number;
    readonly inFlight: number;
    readonly breaker: 'closed' | 'open' | 'half-open';
  };
  /** TrackingMore's account credits as its account endpoint last said (polled rarely). */
  readonly credits?: { readonly left: number; readonly at: number };
  /**
   * Requests sent to the carrier in the last 24 hours by every instance sharing the store (the status
   * page's history), or `unavailable` when the store could not be read; absent when not asked for.
   */
  readonly requestsLastDay?: number | 'unavailable';
}

export interface SubscriptionCensus {
  readonly active: number;
  readonly expired: number;
  readonly inactive: number;
  /** Numbers followed (one watch each, however many chats follow it). */
  readonly watched: number;
  /** Notifications recorded and not yet sent. */
  readonly outboxPending: number;
  /** When the oldest of them was recorded (epoch ms), leaving out what chats' quiet hours hold now. */
  readonly outboxOldestAt?: number;
  /** Watches whose next poll time has come. */
  readonly pollsDue: number;
  /** The earliest next poll time among them: how late polling runs. */
  readonly oldestDueAt?: number;
  /** The last time a number was polled (epoch ms). */
  readonly lastPolledAt?: number;
}

export interface StatusReport {
  /** When it was taken (epoch ms). */
  readonly at: number;
  /** `instance`: from the running Postie; `store`: from the store alone (no queue, no breaker). */
  readonly source: 'instance' | 'store';
  readonly store: { readonly kind: 'embedded' | 'shared'; readonly state: string };
  readonly carriers: readonly CarrierStatus[];
  /** Absent when the store could not be read. */
  readonly subscriptions?: SubscriptionCensus;
  /** When this instance's last poll pass ended (epoch ms). */
  readonly lastPollPassAt?: number;
  /**
   * With a shared store, the leases held now: each front-end held by one instance
   * (`telegram-polling:<bot id>`, `discord-gateway:<application id>`) and each live instance's presence
   * (`instance:<id>`), with the instance holding it (`<INSTANCE_ID or host>#<random>`).
   */
  readonly leases?: readonly { readonly name: string; readonly holder: string }[];
}
