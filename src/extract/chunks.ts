/**
 * Splits normalized text into chunks: runs of ASCII letters and digits that may belong to one number
 * written in pieces (`RB 000 000 014 HK`, `9400-1111-…`), separated only by horizontal spaces and at most
 * one dash. Anything else (line breaks, punctuation, CJK text, long words, URLs) ends a chunk. One pass,
 * no regular expressions on unbounded text, so the cost is linear whatever the text contains.
 */

/**
 * The runs of one chunk, column-wise (a megabyte of `1 1 1 …` is one chunk of half a million runs, and
 * one object per run would be most of the work).
 */
export interface Chunk {
  /** Number of runs. */
  readonly runs: number;
  /** The runs written together in upper case, without separators. */
  readonly text: string;
  /** `offsets[k]` is where run k starts in `text`; `offsets[runs]` is `text.length`. */
  readonly offsets: readonly number[];
  /** Where run k starts and ends in the normalized message. */
  readonly starts: readonly number[];
  readonly ends: readonly number[];
  /** 1 when run k contains a digit, else 0. */
  readonly hasDigit: readonly number[];
}

/** Letter-only runs longer than this are words of the message, not parts of a number. */
export const MAX_LETTERS_IN_NUMBER_PART = 4;

enum Kind {
  Alnum,
  Space,
  Dash,
  Other,
}

const ASCII_KINDS = Uint8Array.from({ length: 128 }, (_, c) => slowKindOf(c));

function kindOf(c: number): Kind {
  return c < 128 ? (ASCII_KINDS[c] as Kind) : slowKindOf(c);
}

function slowKindOf(c: number): Kind {
  if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return Kind.Alnum;
  if (c === 32 || c === 9 || c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f)
    return Kind.Space;
  if (
    c === 45 ||
    (c >= 0x2010 && c <= 0x2015) ||
    c === 0x2212 ||
    c === 0xfe58 ||
    c === 0xfe63 ||
    c === 0xff0d
  ) {
    return Kind.Dash;
  }
  return Kind.Other;
}

/** Whether a run's neighbour makes it part of an e-mail address or handle (`name123@…`, `@user`). */
function touchesAt(text: string, start: number, end: number): boolean {
  return text.charCodeAt(start - 1) === 64 || text.charCodeAt(end) === 64;
}

/** Calls `onChunk` for every chunk in `text[from, to)`, in order; `onChunk` returns `false` to stop early. */
export function scanChunks(
  text: string,
  from: number,
  to: number,
  onChunk: (chunk: Chunk) => boolean,
): boolean {
  let starts: number[] = [];
  let ends: number[] = [];
  let digits: number[] = [];
  const flush = (): boolean => {
    if (starts.length === 0) return true;
    const chunk = buildChunk(text, starts, ends, digits);
    starts = [];
    ends = [];
    digits = [];
    return onChunk(chunk);
  };

  // Whether the characters since the last run still allow joining: only spaces and at most one dash.
  let joinable = false;
  let dashes = 0;
  let i = from;
  while (i < to) {
    const kind = kindOf(text.charCodeAt(i));
    if (kind === Kind.Alnum) {
      const start = i;
      let hasDigit = 0;
      for (; i < to && kindOf(text.charCodeAt(i)) === Kind.Alnum; i++)
        if (text.charCodeAt(i) <= 57) hasDigit = 1;
      const isLongWord = hasDigit === 0 && i - start > MAX_LETTERS_IN_NUMBER_PART;
      if (isLongWord || touchesAt(text, start, i)) {
        if (!flush()) return false;
        joinable = false;
        continue;
      }
      if (!joinable && !flush()) return false;
      starts.push(start);
      ends.push(i);
      digits.push(hasDigit);
      joinable = true;
      dashes = 0;
      continue;
    }
    if (kind === Kind.Dash && dashes === 0) dashes = 1;
    else if (kind !== Kind.Space) joinable = false;
    i++;
  }
  return flush();
}

function buildChunk(text: string, starts: number[], ends: number[], hasDigit: number[]): Chunk {
  const runs = starts.length;
  const offsets: number[] = new Array(runs + 1);
  offsets[0] = 0;
  for (let k = 0; k < runs; k++)
    offsets[k + 1] = (offsets[k] as number) + (ends[k] as number) - (starts[k] as number);
  // Everything between the runs is separators; dropping them leaves the runs, joined. All ASCII, so
  // upper-casing keeps the offsets.
  const span = text.slice(starts[0], ends[runs - 1]);
  return { runs, text: span.replace(/[^A-Za-z0-9]+/g, '').toUpperCase(), offsets, starts, ends, hasDigit };
}
