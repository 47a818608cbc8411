/**
 * NFKC-normalized text that remembers where each character came from, so a number found in the
 * normalized text (`ＲＢ０００…` → `RB000…`) can be reported as the user wrote it.
 */
export interface NormalizedText {
  readonly text: string;
  /** Offset in the original of the code point that produced `text[i]`. */
  originStart(i: number): number;
  /** Offset just past that code point. */
  originEnd(i: number): number;
}

/** How a BMP code unit folds: not yet known, to itself, to one other code unit, to something longer. */
enum Fold {
  Unknown = 0,
  Same = 1,
  OneUnit = 2,
  Longer = 3,
}

// One entry per BMP code unit, filled on first sight: most text repeats a small alphabet, so each code
// point is normalized once per process, and the common cases (itself, one other unit) need no string.
const foldKinds = new Uint8Array(0x10000);
const foldUnits = new Uint16Array(0x10000);
const longerFolds = new Map<number, string>();

function foldOf(codePoint: number): string {
  let folded = longerFolds.get(codePoint);
  if (folded === undefined) {
    folded = String.fromCodePoint(codePoint).normalize('NFKC');
    if (longerFolds.size < 65_536) longerFolds.set(codePoint, folded);
  }
  return folded;
}

function kindOf(unit: number): Fold {
  let kind = foldKinds[unit] as Fold;
  if (kind !== Fold.Unknown) return kind;
  const folded = String.fromCharCode(unit).normalize('NFKC');
  if (folded.length === 1 && folded.charCodeAt(0) === unit) kind = Fold.Same;
  else if (folded.length === 1) {
    kind = Fold.OneUnit;
    foldUnits[unit] = folded.charCodeAt(0);
  } else kind = Fold.Longer;
  foldKinds[unit] = kind;
  return kind;
}

const isSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdfff;

const identity = (text: string): NormalizedText => ({
  text,
  originStart: (i) => i,
  originEnd: (i) => i + 1,
});

/**
 * Normalizes code point by code point (NFKC of each one), which is what matters for finding numbers
 * (full-width letters and digits, ideographic spaces) and keeps offsets exact. Linear in the input: one
 * table look-up per code unit, the output written into a typed buffer, and an offset table only once
 * some code point folds to a different length (a ligature, `㍿`, a supplementary character).
 */
export function normalizeText(input: string): NormalizedText {
  // Most chat text is already in NFKC form (ASCII, ordinary CJK): then offsets map to themselves.
  const n = input.length;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the class is every non-ASCII code unit.
  if (!/[^\x00-\x7f]/.test(input)) return identity(input);
  let i = unchangedPrefix(input);
  if (i === n) return identity(input);
  let out = new Uint16Array(n + 16);
  // Only a surrogate of the input, or a code point that folds to several units, can put one in the output.
  let surrogates = false;
  for (let k = 0; k < i; k++) {
    const unit = input.charCodeAt(k);
    out[k] = unit;
    if (isSurrogate(unit)) surrogates = true;
  }
  let o = i;
  // While every code point folds to as many units as it had, output offsets are input offsets.
  for (; i < n; i++) {
    const unit = input.charCodeAt(i);
    const kind = unit < 0x80 ? Fold.Same : isSurrogate(unit) ? Fold.Longer : kindOf(unit);
    if (kind === Fold.Same) out[o++] = unit;
    else if (kind === Fold.OneUnit) out[o++] = foldUnits[unit] as number;
    else {
      const codePoint = input.codePointAt(i) as number;
      const width = codePoint > 0xffff ? 2 : 1;
      const folded = width === 1 && isSurrogate(unit) ? input.charAt(i) : foldOf(codePoint);
      if (folded.length !== width) break;
      surrogates = true;
      for (let k = 0; k < width; k++) out[o++] = folded.charCodeAt(k);
      i += width - 1;
    }
  }
  if (i === n) return identity(decodeUnits(out, o, surrogates));

  // From here on, record where each output unit came from.
  let starts = new Int32Array(out.length);
  for (let k = 0; k < o; k++) starts[k] = k;
  while (i < n) {
    const unit = input.charCodeAt(i);
    const kind = unit < 0x80 ? Fold.Same : isSurrogate(unit) ? Fold.Longer : kindOf(unit);
    let folded: string | undefined;
    let width = 1;
    if (kind === Fold.Longer) {
      const codePoint = input.codePointAt(i) as number;
      width = codePoint > 0xffff ? 2 : 1;
      folded = width === 1 && isSurrogate(unit) ? input.charAt(i) : foldOf(codePoint);
      surrogates = true;
    }
    const count = folded === undefined ? 1 : folded.length;
    if (o + count > out.length) {
      out = grown(out, Math.max(out.length * 2, o + count));
      starts = grown(starts, out.length);
    }
    if (folded === undefined) {
      out[o] = kind === Fold.Same ? unit : (foldUnits[unit] as number);
      starts[o++] = i;
    } else {
      for (let k = 0; k < count; k++) {
        out[o] = folded.charCodeAt(k);
        starts[o++] = i;
      }
    }
    i += width;
  }
  const origins = starts;
  const length = o;
  return {
    text: decodeUnits(out, length, surrogates),
    originStart: (k) => (k < length ? (origins[k] as number) : n),
    originEnd: (k) => {
      if (k >= length) return n;
      const from = origins[k] as number;
      return from + ((input.codePointAt(from) as number) > 0xffff ? 2 : 1);
    },
  };
}

/** How many leading code units of `input` every fold leaves as they are. */
function unchangedPrefix(input: string): number {
  const n = input.length;
  let i = 0;
  while (i < n) {
    const unit = input.charCodeAt(i);
    if (unit < 0x80 || (!isSurrogate(unit) && kindOf(unit) === Fold.Same)) {
      i++;
      continue;
    }
    if (!isSurrogate(unit)) return i;
    const codePoint = input.codePointAt(i) as number;
    const width = codePoint > 0xffff ? 2 : 1;
    if (width === 2 && foldOf(codePoint) !== String.fromCodePoint(codePoint)) return i;
    i += width;
  }
  return n;
}

function grown<T extends Uint16Array | Int32Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(length);
  bigger.set(array);
  return bigger;
}

const utf16 = new TextDecoder('utf-16le');

/**
 * The first `length` units of `units` as a string. The decoder is the fast way, but it would replace a
 * lone surrogate (which a JS string may hold), so text that may hold one is built from char codes.
 */
function decodeUnits(units: Uint16Array, length: number, mayHoldSurrogates: boolean): string {
  if (!mayHoldSurrogates) return utf16.decode(units.subarray(0, length));
  const slice = 8192;
  const parts: string[] = [];
  for (let from = 0; from < length; from += slice) {
    parts.push(String.fromCharCode(...units.subarray(from, Math.min(length, from + slice))));
  }
  return parts.join('');
}
