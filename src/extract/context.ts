import { createPhraseIndex } from '../text/phrase-index.js';
import {
  carrierNameWords,
  FILLER_WORDS,
  NOT_TRACKING_WORDS,
  TRACKING_WORDS,
  WEAK_TRACKING_WORDS,
} from './context-words.js';
import { type Cell, type CellFinder, cellText, createCellFinder, headerLines } from './table-cells.js';

/** What the words before a number say it is. */
export type ContextKind = 'tracking' | 'not-tracking' | 'neutral';

/** Reads a message's words around a candidate number. Built lazily: most messages never need it. */
export interface ContextReader {
  /** The nearest context word before `position` decides, unless ordinary words stand between them. */
  kindBefore(position: number): ContextKind;
  /**
   * Whether that word names a tracking number outright ("tracking number", "waybill", "單號", a carrier's
   * name) rather than only a parcel ("parcel", "包裹"; `WEAK_TRACKING_WORDS`).
   */
  isStrongBefore(position: number): boolean;
  /**
   * When `[start, end)` fills a cell of a delimited table by itself: what its column's header says
   * (`neutral` when the header names nothing, or a row of 3+ cells has no header above it). `undefined`
   * otherwise.
   */
  tableColumnKind(start: number, end: number): ContextKind | undefined;
  /** Whether `[start, end)` is alone on its line (a list marker before it and punctuation after it are fine). */
  isStandalone(start: number, end: number): boolean;
  /** Whether the text right before `start` is `+` or `)`: a phone number (`+64 21 …`, `(852) 9123 4567`). */
  isPhoneLike(start: number): boolean;
}

enum Word {
  NotTracking = 0,
  WeakTracking = 1,
  Tracking = 2,
}

/** Every context word; the longest wins where several match. */
const contextWords = createPhraseIndex<Word>([
  ...TRACKING_WORDS.map((phrase) => ({
    phrase,
    value: WEAK_TRACKING_WORDS.has(phrase) ? Word.WeakTracking : Word.Tracking,
  })),
  ...carrierNameWords().map((phrase) => ({ phrase, value: Word.Tracking })),
  ...NOT_TRACKING_WORDS.map((phrase) => ({ phrase, value: Word.NotTracking })),
]);

/** What a table header cell says its column holds: a tracking word anywhere in it wins. */
function headerKind(header: string): ContextKind {
  const words = contextWords.findAll(header);
  if (words.some((w) => w.value !== Word.NotTracking)) return 'tracking';
  return words.length > 0 ? 'not-tracking' : 'neutral';
}

/** First index in a sorted array whose value is greater than `value`. */
function upperBound(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Letter-only ASCII words shorter than this are codes or small words and never break a context link. */
const MIN_PLAIN_WORD = 5;

export function createContextReader(text: string): ContextReader {
  const keywordEnds: number[] = [];
  const keywordKinds: Word[] = [];
  let plainWordEnds: Int32Array = new Int32Array(0);
  let indexed = false;

  const index = (): void => {
    indexed = true;
    const covered: [number, number][] = [];
    for (const { start, end, value } of contextWords.findAll(text)) {
      keywordEnds.push(end);
      keywordKinds.push(value);
      covered.push([start, end]);
    }
    plainWordEnds = Int32Array.from(findPlainWords(text, covered));
  };

  /** The context word that governs `position`, or `undefined` when none does. */
  const wordBefore = (position: number): Word | undefined => {
    if (!indexed) index();
    const k = upperBound(keywordEnds, position) - 1;
    if (k < 0) return undefined;
    const keywordEnd = keywordEnds[k] as number;
    const w = upperBound(plainWordEnds, position) - 1;
    if (w >= 0 && (plainWordEnds[w] as number) > keywordEnd) return undefined;
    return keywordKinds[k];
  };

  // Header lines per delimiter, and the cell finder, made on first use.
  const headers = new Map<number, number[]>();
  let cellAt: CellFinder | undefined;
  const headerAbove = (cell: Cell): string | undefined => {
    let lines = headers.get(cell.delimiter);
    if (!lines) {
      lines = headerLines(text, cell.delimiter);
      headers.set(cell.delimiter, lines);
    }
    const h = upperBound(lines, cell.lineStart - 1) - 1;
    if (h < 0) return undefined;
    return cellText(text, lines[h] as number, cell.delimiter, cell.column);
  };

  return {
    kindBefore(position) {
      const word = wordBefore(position);
      if (word === undefined) return 'neutral';
      return word === Word.NotTracking ? 'not-tracking' : 'tracking';
    },
    isStrongBefore: (position) => wordBefore(position) === Word.Tracking,
    tableColumnKind(start, end) {
      cellAt ??= createCellFinder(text);
      const cell = cellAt(start, end);
      if (!cell) return undefined;
      const header = headerAbove(cell);
      if (header !== undefined) return headerKind(header);
      // Without a header, one comma is prose ("Thanks, 9261…"); two or more make a row.
      return cell.delimiters >= 2 ? 'neutral' : undefined;
    },
    isStandalone: (start, end) => isAloneOnLine(text, start, end),
    isPhoneLike(start) {
      let i = start - 1;
      while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
      return text[i] === '+' || text[i] === ')';
    },
  };
}

/** Han, kana and Hangul (the BMP blocks; rarer supplementary ideographs count as other text). */
function isCjk(c: number): boolean {
  return (
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0x3040 && c <= 0x30ff) ||
    (c >= 0xac00 && c <= 0xd7af) ||
    (c >= 0xf900 && c <= 0xfaff)
  );
}

const isAsciiAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * End offsets of the message's ordinary words: ASCII words of five or more letters and stretches of CJK
 * text, outside every context word and not filler ("number", "是"). One pass over the text; `covered`
 * (the context words' spans) is in text order.
 */
function findPlainWords(text: string, covered: readonly [number, number][]): number[] {
  const ends: number[] = [];
  let c = 0;
  const plain = (start: number, end: number): void => {
    if (!FILLER_WORDS.has(text.slice(start, end).toLowerCase())) ends.push(end);
  };
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (!isAsciiAlnum(code) && !isCjk(code)) {
      i++;
      continue;
    }
    const cjk = !isAsciiAlnum(code);
    let j = i + 1;
    let hasDigit = code <= 57;
    while (j < text.length && (cjk ? isCjk(text.charCodeAt(j)) : isAsciiAlnum(text.charCodeAt(j)))) {
      if (text.charCodeAt(j) <= 57) hasDigit = true;
      j++;
    }
    while (c < covered.length && (covered[c] as [number, number])[1] <= i) c++;
    if (cjk) {
      // Each stretch of CJK text between context words is one word.
      let from = i;
      for (let k = c; k < covered.length && (covered[k] as [number, number])[0] < j; k++) {
        const [s, e] = covered[k] as [number, number];
        if (s > from) plain(from, s);
        from = Math.max(from, e);
      }
      if (from < j) plain(from, j);
    } else if (!hasDigit && j - i >= MIN_PLAIN_WORD) {
      const span = covered[c];
      const isContextWord = span !== undefined && span[0] <= i && j <= span[1];
      if (!isContextWord) plain(i, j);
    }
    i = j;
  }
  return ends;
}

const LINE_BREAK = /[\n\r\u2028\u2029\v\f]/;
const LIST_MARKER = /^[-*•·>#]$/;
const TRAILING = /^[ \t.,;:!?。，；：！？)）\]]$/;

/** Looks at most a few characters each way, so the check costs O(1) however long the line is. */
function isAloneOnLine(text: string, start: number, end: number): boolean {
  const reach = 16;
  let i = start - 1;
  while (i >= 0 && start - i <= reach && (text[i] === ' ' || text[i] === '\t')) i--;
  if (i >= 0 && LIST_MARKER.test(text[i] as string)) {
    i--;
  } else if (i >= 0 && /[.)、]/.test(text[i] as string)) {
    let digits = 0;
    i--;
    while (i >= 0 && digits < 3 && /\d/.test(text[i] as string)) {
      i--;
      digits++;
    }
    if (digits === 0) return false;
  }
  while (i >= 0 && start - i <= reach && (text[i] === ' ' || text[i] === '\t')) i--;
  if (i >= 0 && !LINE_BREAK.test(text[i] as string)) return false;

  let j = end;
  while (j < text.length && j - end <= reach && TRAILING.test(text[j] as string)) j++;
  return j >= text.length || LINE_BREAK.test(text[j] as string);
}
