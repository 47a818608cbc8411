/**
 * Splits normalized text into chunks: runs of ASCII letters and digits that may belong to one number
 * written in pieces (`RB 000 000 014 HK`, `9400-1111-…`), separated only by horizontal spaces and at most
 * one dash. Anything else (line breaks, punctuation, CJK text, long words, URLs) ends a chunk. One pass,
 * no regular expressions on unbounded text, so the cost is linear whatever the text contains.
 */

/**
 * The runs of one chunk, column-wise (a megabyte of `1 1 1 …` would otherwise be half a million run
 * objects). The arrays are buffers the scanner reuses: they hold only while `onChunk` runs, and only
 * their first `runs` entries (`runs + 1` for `offsets`) belong to the chunk.
 */
export interface Chunk {
  /** Number of runs. */
  readonly runs: number;
  /** The runs written together in upper case, without separators. */
  readonly text: string;
  /** `offsets[k]` is where run k starts in `text`; `offsets[runs]` is `text.length`. */
  readonly offsets: Int32Array;
  /** Where run k starts and ends in the normalized message. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** 1 when run k contains a digit, else 0. */
  readonly hasDigit: Uint8Array;
  /** 1 when a dash stands between run k − 1 and run k (`CO-2024…`), else 0 (spaces only, or k = 0). */
  readonly dashBefore: Uint8Array;
}

/**
 * How the scanner hands over chunks. A chunk of more than `maxRuns` runs is a data dump, not a message
 * (hundreds of number-like groups with no punctuation or line break): its runs are handed over one at a
 * time as chunks of one run, and only those of at least `minAloneLength` characters with a digit, since
 * nothing shorter is a number by itself. That keeps the memory per chunk bounded whatever the input.
 */
export interface ChunkLimits {
  readonly maxRuns: number;
  readonly minAloneLength: number;
}

/** Letter-only runs longer than this are words of the message, not parts of a number. */
const MAX_LETTERS_IN_NUMBER_PART = 4;

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

/** Growable column buffers, one set per scan in progress (a scan inside `onChunk` gets its own). */
class RunBuffers {
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  offsets = new Int32Array(65);
  hasDigit = new Uint8Array(64);
  dashBefore = new Uint8Array(64);
  inUse = false;

  ensure(runs: number): void {
    if (runs < this.starts.length) return;
    const size = Math.max(runs + 1, this.starts.length * 2);
    this.starts = grown(this.starts, size);
    this.ends = grown(this.ends, size);
    this.offsets = grown(this.offsets, size + 1);
    this.hasDigit = grown(this.hasDigit, size);
    this.dashBefore = grown(this.dashBefore, size);
  }
}

function grown<T extends Int32Array | Uint8Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(length);
  bigger.set(array);
  return bigger;
}

const shared = new RunBuffers();

/** Calls `onChunk` for every chunk in `text[from, to)`, in order; `onChunk` returns `false` to stop early. */
export function scanChunks(
  text: string,
  from: number,
  to: number,
  limits: ChunkLimits,
  onChunk: (chunk: Chunk) => boolean,
): boolean {
  const buffers = shared.inUse ? new RunBuffers() : shared;
  buffers.inUse = true;
  try {
    return scanWith(buffers, text, from, to, limits, onChunk);
  } finally {
    buffers.inUse = false;
  }
}

function scanWith(
  buffers: RunBuffers,
  text: string,
  from: number,
  to: number,
  limits: ChunkLimits,
  onChunk: (chunk: Chunk) => boolean,
): boolean {
  let runs = 0;
  // Whether the current chunk has outgrown `limits.maxRuns`: its runs then go one at a time.
  let streaming = false;
  const flush = (): boolean => {
    const count = runs;
    runs = 0;
    streaming = false;
    return count === 0 || onChunk(buildChunk(text, buffers, count));
  };
  // Hands over one run alone, moved to slot 0 (runs before it have been handed over already).
  const streamRun = (start: number, end: number, hasDigit: number): boolean => {
    if (hasDigit === 0 || end - start < limits.minAloneLength) return true;
    buffers.starts[0] = start;
    buffers.ends[0] = end;
    buffers.hasDigit[0] = hasDigit;
    buffers.dashBefore[0] = 0;
    return onChunk(buildChunk(text, buffers, 1));
  };
  const addRun = (start: number, end: number, hasDigit: number, dashBefore: number): boolean => {
    if (streaming) return streamRun(start, end, hasDigit);
    buffers.ensure(runs + 1);
    buffers.starts[runs] = start;
    buffers.ends[runs] = end;
    buffers.hasDigit[runs] = hasDigit;
    buffers.dashBefore[runs] = runs === 0 ? 0 : dashBefore;
    runs++;
    if (runs <= limits.maxRuns) return true;
    streaming = true;
    const { starts, ends, hasDigit: digits } = buffers;
    for (let k = 0; k < runs; k++) {
      if (!streamRun(starts[k] as number, ends[k] as number, digits[k] as number)) return false;
    }
    runs = 0;
    return true;
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
      if (!addRun(start, i, hasDigit, dashes)) return false;
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

/** The chunk of the buffers' first `runs` runs; its `offsets` are written into the buffers' own. */
function buildChunk(text: string, buffers: RunBuffers, runs: number): Chunk {
  const { starts, ends, offsets, hasDigit, dashBefore } = buffers;
  offsets[0] = 0;
  for (let k = 0; k < runs; k++)
    offsets[k + 1] = (offsets[k] as number) + (ends[k] as number) - (starts[k] as number);
  // Everything between the runs is separators; dropping them leaves the runs, joined. All ASCII, so
  // upper-casing keeps the offsets.
  const span = text.slice(starts[0], ends[runs - 1]);
  const compact = runs === 1 ? span : span.replace(/[^A-Za-z0-9]+/g, '');
  return { runs, text: compact.toUpperCase(), offsets, starts, ends, hasDigit, dashBefore };
}
