import type { Platform } from '../domain/chat.js';

/** How a notification's delivery ended, as the metrics count it. */
type DeliveryCount = 'sent' | 'unreachable' | 'failed';

/**
 * The events the metrics count, told by the parts that see them happen (`observed-*.ts` wrap those
 * parts at the composition root; the front-ends report their platform's 429s). Labels are bounded:
 * adapters, outcome and error codes, priorities and platforms, never a chat or a tracking number.
 */
export interface Telemetry {
  /** One call to a carrier's API through its lane: `ok`, or the `CarrierError` code it failed with. */
  carrierRequest(adapter: string, outcome: string, seconds: number): void;
  /** One number's lookup: `found`, `not_found`, or `failed:<code>` split as outcome and code. */
  lookup(priority: 'interactive' | 'background', outcome: string, code?: string): void;
  /** How long a lookup waited in its carrier's lane before it was first sent. */
  laneWait(adapter: string, priority: 'interactive' | 'background', seconds: number): void;
  /** Polls taken off the due schedule (they came due). */
  pollsClaimed(count: number): void;
  /** A poll pass ended: nothing more was due (epoch ms). */
  pollPassEnded(at: number): void;
  notification(platform: Platform, result: DeliveryCount): void;
  /** The platform answered 429 (Telegram's `retry_after`, a Discord rate limit). */
  platformRateLimited(platform: Platform): void;
  /** A store call failed because the store was away. */
  storeError(): void;
}
