import type { RuleMatch } from '../detect/format-rule.js';
import type { Chunk } from './chunks.js';
import type { ContextKind, ContextReader } from './context.js';

/** Mainland China mobile numbers: 11 digits, `1[3-9]…` (MIIT numbering plan). */
const CN_MOBILE = /^1[3-9]\d{9}$/;
/**
 * How phone numbers are grouped when written: North American `800-275-8777` / `1-800-275-8777`, and the
 * same 3-3-4 shape of New Zealand mobiles (`021 123 4567`). No carrier prints its numbers this way.
 */
const PHONE_GROUPINGS: readonly (readonly number[])[] = [
  [3, 3, 4],
  [1, 3, 3, 4],
];

/** Shorter all-digit numbers are too easily a phone, an amount or an id to be taken without a hint. */
const MIN_DIGITS_ALONE = 12;
/** A format with at least this many fixed characters (`1Z`, `TBA`, S10's letters) is credible on its own. */
const DISTINCTIVE = 2;

/** What the message says around a candidate number that starts at one position. */
export interface Surroundings {
  readonly kind: ContextKind;
  /** Right after `+` or `)`: a phone number. */
  readonly phoneLike: boolean;
  /** Whether the candidate, ending at `end`, is alone on its line. */
  isStandalone(end: number): boolean;
}

/** Reads the surroundings of candidates starting at `start`, once for all the candidates that start there. */
export function surroundingsAt(context: ContextReader, start: number): Surroundings {
  return {
    kind: context.kindBefore(start),
    phoneLike: context.isPhoneLike(start),
    isStandalone: (end) => context.isStandalone(start, end),
  };
}

/**
 * Keeps the rule matches that make `number` (written in groups of the given lengths) read as a tracking
 * number where it stands.
 *
 * - Digits grouped like a phone number (`1-800-275-8777`), or after a `+` or `)`, are a phone number; a
 *   Chinese mobile number too, unless a tracking word precedes it.
 * - Alone on its line, or after a tracking word ("tracking", "單號", a carrier's name): every match counts.
 * - After a word that names something else ("order", "電話", "$"): only a holding check digit on a number
 *   with letters counts (`order 1Z…` is still a UPS number; `order 123456789012` is an order).
 * - In other prose: a holding check digit on a number with letters or of 12+ digits, or a distinctive
 *   format (fixed prefix or suffix letters) even without a check digit or with a failed one.
 */
export function credibleMatches(
  matches: readonly RuleMatch[],
  number: string,
  chunk: Chunk,
  first: number,
  last: number,
  surroundings: () => Surroundings,
): readonly RuleMatch[] {
  const digitsOnly = isAllDigits(number);
  if (digitsOnly && isPhoneGrouped(chunk, first, last)) return [];
  const distinctive = (m: RuleMatch) => m.rule.specificity >= DISTINCTIVE && !digitsOnly;
  // The common case needs no look at the words around: a distinctive format with its check digit holding.
  if (!digitsOnly && allDistinctiveAndValid(matches)) return matches;

  const around = surroundings();
  if (digitsOnly && around.phoneLike) return [];
  if (digitsOnly && CN_MOBILE.test(number) && around.kind !== 'tracking') return [];
  if (around.kind === 'tracking' || around.isStandalone(chunk.ends[last] as number)) return matches;
  return matches.filter((m) => {
    if (around.kind === 'not-tracking') return !digitsOnly && m.check === 'valid';
    if (m.check === 'valid') return !digitsOnly || number.length >= MIN_DIGITS_ALONE;
    return distinctive(m);
  });
}

function isAllDigits(number: string): boolean {
  for (let i = 0; i < number.length; i++) {
    const c = number.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function allDistinctiveAndValid(matches: readonly RuleMatch[]): boolean {
  for (const m of matches) if (m.rule.specificity < DISTINCTIVE || m.check !== 'valid') return false;
  return true;
}

/** Whether runs `[first, last]` have the lengths of one of `PHONE_GROUPINGS`. */
function isPhoneGrouped(chunk: Chunk, first: number, last: number): boolean {
  const runs = last - first + 1;
  if (runs < 3) return false;
  for (const groups of PHONE_GROUPINGS) {
    if (groups.length !== runs) continue;
    let same = true;
    for (let k = first; k <= last && same; k++) {
      same = (chunk.offsets[k + 1] as number) - (chunk.offsets[k] as number) === groups[k - first];
    }
    if (same) return true;
  }
  return false;
}
