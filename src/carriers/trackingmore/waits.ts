/**
 * TrackingMore's documented waits, shared by the lane limits (`index.ts`), the answer readers and the
 * sandbox.
 */

/** "After a 429 send nothing for 120 s" (CARRIERS.md; the status-code page: "wait two minutes"). */
export const PAUSE_AFTER_429_MS = 120_000;

/** A realtime answer is served from cache for this long: one realtime fetch per shipment per 2 h (CARRIERS.md). */
export const REALTIME_CACHE_MS = 2 * 3_600_000;
