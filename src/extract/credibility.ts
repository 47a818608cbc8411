import type { RuleMatch } from '../detect/format-rule.js';
import type { ContextReader } from './context.js';

/** Mainland China mobile numbers: 11 digits, `1[3-9]…` (MIIT numbering plan). */
const CN_MOBILE = /^1[3-9]\d{9}$/;
/** Shorter all-digit numbers are too easily a phone, an amount or an id to be taken without a hint. */
const MIN_DIGITS_ALONE = 12;
/** A format with at least this many fixed characters (`1Z`, `TBA`, S10's letters) is credible on its own. */
const DISTINCTIVE = 2;

/**
 * Whether a rule match at `[start, end)` of the message reads as a tracking number there.
 *
 * - After a `+` or `)`, it is a phone number; a Chinese mobile number too unless a tracking word precedes it.
 * - Alone on its line, or after a tracking word ("tracking", "單號", a carrier's name): any match counts.
 * - After a word that names something else ("order", "電話", "$"): only a holding check digit on a number
 *   with letters counts (`order 1Z…` is still a UPS number; `order 123456789012` is an order).
 * - In other prose: a holding check digit on a number with letters or of 12+ digits, or a distinctive
 *   format (fixed prefix or suffix letters) even without a check digit or with a failed one.
 */
export function isCredible(
  match: RuleMatch,
  number: string,
  start: number,
  end: number,
  contextOf: () => ContextReader,
): boolean {
  const digitsOnly = /^\d+$/.test(number);
  const distinctive = match.rule.specificity >= DISTINCTIVE && !digitsOnly;
  // The common case needs no look at the words around: a distinctive format with its check digit holding.
  if (distinctive && match.check === 'valid') return true;

  const context = contextOf();
  if (digitsOnly && context.isPhoneLike(start)) return false;
  const kind = context.kindBefore(start);
  if (digitsOnly && CN_MOBILE.test(number) && kind !== 'tracking') return false;
  if (kind === 'tracking' || context.isStandalone(start, end)) return true;
  if (kind === 'not-tracking') return !digitsOnly && match.check === 'valid';
  if (match.check === 'valid') return !digitsOnly || number.length >= MIN_DIGITS_ALONE;
  return distinctive;
}
