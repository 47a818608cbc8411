import type { Chunk } from './chunks.js';
import { FILLER_WORDS, NOT_TRACKING_WORDS, TRACKING_WORDS } from './context-words.js';

/**
 * How a candidate number was written: the runs `[first, last]` of a chunk it spans. A number written in
 * pieces tells something by its pieces: a phone number's grouping, a label's even groups, a dashed id
 * it is only a part of, a word of the message glued on.
 */

/**
 * How phone numbers are grouped when written: North American `800-275-8777` / `1-800-275-8777`, and the
 * same 3-3-4 shape of New Zealand mobiles (`021 123 4567`). No carrier prints its numbers this way.
 */
const PHONE_GROUPINGS: readonly (readonly number[])[] = [
  [3, 3, 4],
  [1, 3, 3, 4],
];

/** Short words (two to four letters) that a number written in pieces never starts or ends with (`is`, `no`, `ref`). */
const SHORT_WORDS: ReadonlySet<string> = new Set(
  [...FILLER_WORDS, ...TRACKING_WORDS, ...NOT_TRACKING_WORDS].filter((w) => /^[a-z]{2,4}$/.test(w)),
);

/**
 * Whether the first or last of several runs is a word of the message (`is 6012…`), read into a number by
 * a format that fixes no letters (`RB … HK` and `TBC …` fix theirs).
 */
export function hasWordAtEdge(chunk: Chunk, first: number, last: number): boolean {
  const isWord = (k: number) =>
    chunk.hasDigit[k] === 0 &&
    SHORT_WORDS.has(chunk.text.slice(chunk.offsets[k], chunk.offsets[k + 1]).toLowerCase());
  return isWord(first) || isWord(last);
}

/** Whether runs `[first, last]` are groups of one length (3 or more), the last one no longer (`9400 1052 … 38`). */
export function isEvenlyGrouped(chunk: Chunk, first: number, last: number): boolean {
  const length = (k: number) => (chunk.offsets[k + 1] as number) - (chunk.offsets[k] as number);
  const size = length(first);
  if (size < 3) return false;
  for (let k = first + 1; k < last; k++) if (length(k) !== size) return false;
  return length(last) <= size;
}

/** Whether runs `[first, last]` continue, across a dash, into a run outside them: part of a longer id. */
export function isPartOfDashedId(chunk: Chunk, first: number, last: number): boolean {
  return (
    (first > 0 && chunk.dashBefore[first] === 1) ||
    (last + 1 < chunk.runs && chunk.dashBefore[last + 1] === 1)
  );
}

/** Whether runs `[first, last]` have the lengths of one of `PHONE_GROUPINGS`. */
export function isPhoneGrouped(chunk: Chunk, first: number, last: number): boolean {
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
