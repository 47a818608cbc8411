import type { AdapterId, CarrierId } from '../domain/carrier.js';
import type { CheckResult } from './format-rule.js';

/** One possible carrier for a number, as `postie detect --json` prints it. */
export interface Candidate {
  readonly carrier: CarrierId;
  /** The adapter that would answer for this carrier, or `null` when none can. */
  readonly adapter: AdapterId | null;
  /** TrackingMore's courier code when `adapter` is `trackingmore`. */
  readonly courierCode?: string;
  /** Whether the format's check digit held (`none`: the format has none). */
  readonly check: CheckResult;
  /** The format rule that matched. */
  readonly rule: string;
}
