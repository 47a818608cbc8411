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

const cache = new Map<number, string>();

function nfkc(codePoint: number): string {
  let folded = cache.get(codePoint);
  if (folded === undefined) {
    folded = String.fromCodePoint(codePoint).normalize('NFKC');
    if (cache.size < 65_536) cache.set(codePoint, folded);
  }
  return folded;
}

/**
 * Normalizes code point by code point (NFKC of each one), which is what matters for finding numbers
 * (full-width letters and digits, ideographic spaces) and keeps offsets exact. Linear in the input.
 */
export function normalizeText(input: string): NormalizedText {
  // Most chat text is already in NFKC form (ASCII, ordinary CJK): then offsets map to themselves.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the class is every non-ASCII code unit.
  if (!/[^\x00-\x7f]/.test(input) || input.normalize('NFKC') === input) {
    return { text: input, originStart: (i) => i, originEnd: (i) => i + 1 };
  }
  const parts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  // While every code point folds to as many code units as it had (full-width letters and digits do),
  // offsets stay the same and need no table.
  let sameLength = true;
  for (let i = 0; i < input.length; ) {
    const codePoint = input.codePointAt(i) as number;
    const width = codePoint > 0xffff ? 2 : 1;
    const folded = codePoint < 0x80 ? input.charAt(i) : nfkc(codePoint);
    if (folded.length !== width) sameLength = false;
    for (let k = 0; k < folded.length; k++) {
      starts.push(i);
      ends.push(i + width);
    }
    parts.push(folded);
    i += width;
  }
  if (sameLength) return { text: parts.join(''), originStart: (i) => i, originEnd: (i) => i + 1 };
  const startArray = Int32Array.from(starts);
  const endArray = Int32Array.from(ends);
  return {
    text: parts.join(''),
    originStart: (i) => startArray[i] ?? input.length,
    originEnd: (i) => endArray[i] ?? input.length,
  };
}
