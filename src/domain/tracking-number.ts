/**
 * A tracking number as Postie stores and compares it: ASCII upper case, no spaces or dashes
 * (`rb 000-000-014 hk` → `RB000000014HK`). Full-width and other compatibility forms are folded by
 * NFKC first, so `ＲＢ０００…` is the same number.
 */
export type TrackingNumber = string & { readonly __brand: 'TrackingNumber' };

const SEPARATORS = /[\s\-‐‑‒–—―−﹣－]+/gu;

/** Normalizes a number as written to its `TrackingNumber` form; `null` when anything but A–Z and 0–9 remains. */
export function toTrackingNumber(written: string): TrackingNumber | null {
  const compact = written.normalize('NFKC').replace(SEPARATORS, '').toUpperCase();
  return /^[A-Z0-9]+$/.test(compact) ? (compact as TrackingNumber) : null;
}
