import type { RuleMatch } from '../detect/format-rule.js';
import type { Chunk } from './chunks.js';
import type { ContextKind, ContextReader } from './context.js';
import { isCompactDateTime, startsWithWrittenDate } from './date-like.js';
import { hasWordAtEdge, isEvenlyGrouped, isPartOfDashedId, isPhoneGrouped } from './written-form.js';

/** Mainland China mobile numbers: 11 digits, `1[3-9]…` (MIIT numbering plan). */
const CN_MOBILE = /^1[3-9]\d{9}$/;

/** Shorter all-digit numbers are too easily a phone, an amount or an id to be taken without a hint. */
const MIN_DIGITS_ALONE = 12;
/** A format with at least this many fixed characters (`1Z`, `TBA`, S10's letters) is credible on its own. */
const DISTINCTIVE = 2;

/** What the message says around a candidate number that starts at one position. */
export interface Surroundings {
  readonly kind: ContextKind;
  /** Whether the tracking word before names a tracking number outright ("waybill"), not just a parcel. */
  readonly strong: boolean;
  /** Right after `+` or `)`: a phone number. */
  readonly phoneLike: boolean;
  /** Whether the candidate, ending at `end`, is alone on its line. */
  isStandalone(end: number): boolean;
  /** What the header of the table column it fills says, when the candidate ending at `end` is a table cell. */
  tableColumnKind(end: number): ContextKind | undefined;
}

/** Reads the surroundings of candidates starting at `start`, once for all the candidates that start there. */
export function surroundingsAt(context: ContextReader, start: number): Surroundings {
  return {
    kind: context.kindBefore(start),
    strong: context.isStrongBefore(start),
    phoneLike: context.isPhoneLike(start),
    isStandalone: (end) => context.isStandalone(start, end),
    tableColumnKind: (end) => context.tableColumnKind(start, end),
  };
}

/**
 * Keeps the rule matches that make `number` (runs `first`–`last` of `chunk`) read as a tracking number
 * where it stands.
 *
 * - Dates and times are never numbers (`2026-06-05 00`, `20240513`).
 * - Digits grouped like a phone number (`1-800-275-8777`), or after a `+` or `)`, are a phone number; a
 *   Chinese mobile number too, unless a tracking word precedes it.
 * - A number joined from pieces needs stronger evidence than one written whole: never a part of a
 *   longer dashed id (`CO-20240513-77`), nor with a word of the message glued on (`is 6012…`) by a
 *   format that fixes no letters; all digits, it needs a word naming a tracking number outright
 *   ("waybill", not "parcel"), or 12+ digits: with no failed check digit after a weaker word or alone
 *   on its line, or printed in even groups with a holding check digit in other prose.
 * - A cell of a delimited table is what its column's header says ("tracking_number", "order_id"); a bare
 *   number under any other header is not taken.
 * - Alone on its line, or after a tracking word ("tracking", "單號", a carrier's name): every match counts.
 * - After a word that names something else ("order", "ref", "電話", "$"): only a holding check digit on a
 *   number with letters counts (`order 1Z…` is still a UPS number; `order 123456789012` is an order).
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
  const joined = last > first;
  if (digitsOnly && (isPhoneGrouped(chunk, first, last) || isCompactDateTime(number))) return [];
  if (joined && (isPartOfDashedId(chunk, first, last) || startsWithWrittenDate(chunk, first, last))) {
    return [];
  }
  if (joined && hasWordAtEdge(chunk, first, last) && matches.every((m) => m.rule.specificity === 0)) {
    return [];
  }
  const distinctive = (m: RuleMatch) => m.rule.specificity >= DISTINCTIVE && !digitsOnly;
  // The common case needs no look at the words around: a distinctive format with its check digit holding.
  if (!digitsOnly && allDistinctiveAndValid(matches)) return matches;

  const around = surroundings();
  const end = chunk.ends[last] as number;
  if (digitsOnly && around.phoneLike) return [];
  const column = around.tableColumnKind(end);
  if (column !== undefined) return column === 'tracking' ? matches : inProse(column);
  if (digitsOnly && CN_MOBILE.test(number) && around.kind !== 'tracking') return [];
  if (digitsOnly && joined) {
    if (around.kind === 'tracking' && around.strong) return matches;
    if (number.length < MIN_DIGITS_ALONE) return [];
    if (around.kind === 'tracking' || around.isStandalone(end))
      return matches.filter((m) => m.check !== 'invalid');
    // In other prose: printed in even groups (`7096 2792 7570`, `9400-1052-…-38`) with a holding check digit.
    if (around.kind === 'not-tracking' || !isEvenlyGrouped(chunk, first, last)) return [];
    return matches.filter((m) => m.check === 'valid');
  }
  if (around.kind === 'tracking' || around.isStandalone(end)) return matches;
  return inProse(around.kind);

  function inProse(kind: ContextKind): RuleMatch[] {
    return matches.filter((m) => {
      if (kind === 'not-tracking') return !digitsOnly && m.check === 'valid';
      if (m.check === 'valid')
        return !digitsOnly || (!joined && number.length >= MIN_DIGITS_ALONE && !column);
      return distinctive(m);
    });
  }
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
