import type { RuleMatch } from '../detect/format-rule.js';
import type { Chunk } from './chunks.js';

/** A stretch of runs `[first, last]` of a chunk that reads as one tracking number. */
export interface Piece {
  readonly first: number;
  readonly last: number;
  readonly number: string;
  readonly matches: readonly RuleMatch[];
}

/**
 * Decides, for a piece of text, which of its rule matches count there (the context check lives in the
 * caller); returns the matches that count, or an empty list.
 */
type AcceptPiece = (
  number: string,
  firstRun: number,
  lastRun: number,
  matches: readonly RuleMatch[],
) => readonly RuleMatch[];

export interface SegmentOptions {
  readonly match: (number: string) => readonly RuleMatch[];
  readonly acceptsLength: (length: number) => boolean;
  readonly maxLength: number;
  readonly accept: AcceptPiece;
}

// Costs of covering runs (lower is better): a number with a holding check digit is the best reading,
// one without a check digit nearly as good, a failed check digit a last resort; leaving a run with
// digits unread costs more than any reading of it, leaving a word unread next to nothing (so of two
// equal readings, the one that explains the word wins: `J JD000…` is JJD000…). A distinctive
// format earns a discount for each fixed character it explains (two per character, up to four), so
// `TBC 123…` reads as one Amazon number rather than a word and a bare 12-digit number whose check
// digit happens to hold.
const COST_VALID = 10;
const COST_NONE = 12;
const COST_INVALID = 25;
const COST_SKIPPED_DIGITS = 30;
const COST_SKIPPED_WORD = 1;
const DISCOUNT_PER_FIXED_CHARACTER = 2;
const MAX_DISCOUNTED_CHARACTERS = 4;
/**
 * Pieces a number may be written in (`1Z 5R8 939 035 756 712 7` is 7, a 34-digit barcode in groups of 3
 * is 12); only a number spelled out one character at a time (`R B 0 0 0 …`) may have more.
 */
const MAX_RUNS_IN_NUMBER = 12;
/**
 * A chunk of more groups than this (hundreds of number-like groups with no punctuation or line break) is
 * a data dump, not a message: only numbers written without separators are read from it, one group at a
 * time (the scanner hands such a chunk over group by group, `ChunkLimits`). This bounds the work and the
 * memory per group on pathological input; no chat message needs more.
 */
export const MAX_RUNS_FOR_JOINING = 256;

/** Letter-only groups in a number written in groups (`RB … HK`, `R B … H K`, `TBC …`, `1LS CX VE00 …`). */
const MAX_WORDS_IN_NUMBER = 4;

enum Last {
  /** Start of the chunk, a skipped word, or anything that cannot form a longer number with its neighbour. */
  Open = 0,
  /** A skipped run that ends in a digit. */
  SkippedDigits = 1,
  /** A number written in several pieces that ends in a digit. */
  JoinedEndingInDigit = 2,
}
const STATES = 3;

const TABLE_SLOTS = (MAX_RUNS_FOR_JOINING + 1) * STATES;
const table = {
  cost: new Float64Array(TABLE_SLOTS),
  back: new Int32Array(TABLE_SLOTS),
  pieceAt: new Int32Array(TABLE_SLOTS),
};

const isDigit = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
};

/**
 * Reads a chunk as a sequence of tracking numbers and left-over runs, choosing the cheapest reading.
 * A number written in several pieces may not sit next to a left-over run of digits (digit against digit):
 * it could be a fragment of a longer number, and fragments are never reported. Cost is linear in the
 * chunk: each run starts at most `MAX_RUNS_IN_NUMBER` candidate pieces, and the table has one slot per
 * (run, state).
 */
export function segmentChunk(chunk: Chunk, options: SegmentOptions): Piece[] {
  const n = chunk.runs;
  if (!anyDigit(chunk)) return [];
  if (n === 1 || n > MAX_RUNS_FOR_JOINING) return runByRun(chunk, options);
  const { text, offsets } = chunk;
  const slots = (n + 1) * STATES;
  // The table lives in buffers sized for the largest chunk joined (`MAX_RUNS_FOR_JOINING`), reused.
  const { cost, back, pieceAt } = table;
  cost.fill(Number.POSITIVE_INFINITY, 0, slots);
  back.fill(-1, 0, slots);
  pieceAt.fill(-1, 0, slots);
  const pieces: Piece[] = [];
  const readings: Reading[] = [];
  cost[Last.Open] = 0;

  for (let k = 0; k < n; k++) {
    readings.length = 0;
    readingsFrom(chunk, k, options, readings);
    const firstPiece = pieces.length;
    for (const reading of readings) pieces.push(reading.piece);
    for (let last = 0; last < STATES; last++) {
      const slot = k * STATES + last;
      const here = cost[slot] as number;
      if (here === Number.POSITIVE_INFINITY) continue;

      // Leave run k unread.
      let to = -1;
      let value = here;
      if (chunk.hasDigit[k] === 0) {
        to = (k + 1) * STATES + Last.Open;
        value += COST_SKIPPED_WORD;
      } else if (!(last === Last.JoinedEndingInDigit && isDigit(text, offsets[k] as number))) {
        const endsInDigit = isDigit(text, (offsets[k + 1] as number) - 1);
        to = (k + 1) * STATES + (endsInDigit ? Last.SkippedDigits : Last.Open);
        value += COST_SKIPPED_DIGITS;
      }
      if (to >= 0 && value < (cost[to] as number)) {
        cost[to] = value;
        back[to] = slot;
        pieceAt[to] = -1;
      }

      // Read runs k..piece.last as one number.
      for (let r = 0; r < readings.length; r++) {
        const { piece, cost: pieceCost, joined: isJoined } = readings[r] as Reading;
        if (isJoined && last === Last.SkippedDigits && isDigit(piece.number, 0)) continue;
        const next =
          isJoined && isDigit(piece.number, piece.number.length - 1) ? Last.JoinedEndingInDigit : Last.Open;
        const target = (piece.last + 1) * STATES + next;
        if (here + pieceCost < (cost[target] as number)) {
          cost[target] = here + pieceCost;
          back[target] = slot;
          pieceAt[target] = firstPiece + r;
        }
      }
    }
  }

  let bestSlot = n * STATES;
  for (let last = 1; last < STATES; last++) {
    if ((cost[n * STATES + last] as number) < (cost[bestSlot] as number)) bestSlot = n * STATES + last;
  }
  const chosen: Piece[] = [];
  for (let slot = bestSlot; slot >= 0; slot = back[slot] as number) {
    const p = pieceAt[slot] as number;
    if (p >= 0) chosen.push(pieces[p] as Piece);
  }
  return chosen.reverse();
}

interface Reading {
  readonly piece: Piece;
  readonly cost: number;
  /** Whether the number was written in more than one run. */
  readonly joined: boolean;
}

function anyDigit(chunk: Chunk): boolean {
  for (let k = 0; k < chunk.runs; k++) if (chunk.hasDigit[k] === 1) return true;
  return false;
}

/** A single group, or a data dump (`MAX_RUNS_FOR_JOINING`): each group that is a number by itself. */
function runByRun(chunk: Chunk, options: SegmentOptions): Piece[] {
  const readings: Reading[] = [];
  for (let k = 0; k < chunk.runs; k++) {
    if (chunk.hasDigit[k] === 1) tryReading(chunk, k, k, options, readings);
  }
  return readings.map((r) => r.piece);
}

/**
 * Appends to `readings` every accepted number that starts at run `k`: written in up to
 * `MAX_RUNS_IN_NUMBER` groups with at most `MAX_WORDS_IN_NUMBER` letter-only groups, or spelled out one
 * character at a time (`1 Z 8 V 9 2 …`), which is tried only as a whole sequence of one-character runs.
 */
function readingsFrom(chunk: Chunk, k: number, options: SegmentOptions, readings: Reading[]): void {
  const { text, offsets } = chunk;
  const from = offsets[k] as number;
  const firstChar = text.charCodeAt(from);
  // Whether the window so far repeats one digit, kept up as the window grows (the matcher rejects such
  // placeholders anyway; knowing it here saves slicing and matching them on inputs like "1 1 1 1 …").
  let oneDigitRepeated = firstChar >= 48 && firstChar <= 57;
  let hasDigit = false;
  let words = 0;
  const end = Math.min(chunk.runs, k + MAX_RUNS_IN_NUMBER);
  let reached = k - 1;
  for (let j = k; j < end; j++) {
    const length = (offsets[j + 1] as number) - from;
    if (length > options.maxLength) break;
    if (chunk.hasDigit[j] === 1) hasDigit = true;
    else if (++words > MAX_WORDS_IN_NUMBER) break;
    for (let i = offsets[j] as number; oneDigitRepeated && i < (offsets[j + 1] as number); i++) {
      oneDigitRepeated = text.charCodeAt(i) === firstChar;
    }
    reached = j;
    if (!oneDigitRepeated && hasDigit) tryReading(chunk, k, j, options, readings);
  }

  const spelled = spelledOutEnd(chunk, k, options.maxLength);
  if (spelled > reached) tryReading(chunk, k, spelled, options, readings);
}

/**
 * When run k starts a sequence of one-character runs (`R B 0 0 0 …`), the index of its last run; else -1.
 * A sequence is only tried from its first run (or its first digit), which keeps the work per run constant.
 */
function spelledOutEnd(chunk: Chunk, k: number, maxLength: number): number {
  const isSingle = (i: number) => (chunk.offsets[i + 1] as number) - (chunk.offsets[i] as number) === 1;
  if (!isSingle(k)) return -1;
  const startsSequence =
    k === 0 || !isSingle(k - 1) || (chunk.hasDigit[k - 1] === 0 && chunk.hasDigit[k] === 1);
  if (!startsSequence) return -1;
  let last = k;
  // One character per run, so a sequence longer than the longest number cannot be one.
  while (last + 1 < chunk.runs && isSingle(last + 1) && last - k < maxLength) last++;
  return last;
}

function tryReading(
  chunk: Chunk,
  first: number,
  last: number,
  options: SegmentOptions,
  readings: Reading[],
): void {
  const start = chunk.offsets[first] as number;
  const length = (chunk.offsets[last + 1] as number) - start;
  if (length > options.maxLength || !options.acceptsLength(length)) return;
  const number = chunk.text.slice(start, start + length);
  const found = options.match(number);
  if (found.length === 0) return;
  const accepted = options.accept(number, first, last, found);
  if (accepted.length === 0) return;
  readings.push({
    piece: { first, last, number, matches: found },
    cost: pieceCost(accepted),
    joined: last > first,
  });
}

function pieceCost(matches: readonly RuleMatch[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (const m of matches) {
    const base = m.check === 'valid' ? COST_VALID : m.check === 'none' ? COST_NONE : COST_INVALID;
    best = Math.min(
      best,
      base - DISCOUNT_PER_FIXED_CHARACTER * Math.min(m.rule.specificity, MAX_DISCOUNTED_CHARACTERS),
    );
  }
  return best;
}
