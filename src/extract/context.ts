import { carrierNameWords, FILLER_WORDS, NOT_TRACKING_WORDS, TRACKING_WORDS } from './context-words.js';

/** What the words before a number say it is. */
export type ContextKind = 'tracking' | 'not-tracking' | 'neutral';

/** Reads a message's words around a candidate number. Built lazily: most messages never need it. */
export interface ContextReader {
  /** The nearest context word before `position` decides, unless ordinary words stand between them. */
  kindBefore(position: number): ContextKind;
  /** Whether `[start, end)` is alone on its line (a list marker before it and punctuation after it are fine). */
  isStandalone(start: number, end: number): boolean;
  /** Whether the text right before `start` is `+` or `)`: a phone number (`+64 21 …`, `(852) 9123 4567`). */
  isPhoneLike(start: number): boolean;
}

/** Context words by their lower-case form with single spaces: `true` for tracking words. */
const keywordMeaning = new Map<string, boolean>();
const keywordPattern = buildKeywordPattern();

function buildKeywordPattern(): RegExp {
  const entries = [
    ...TRACKING_WORDS.map((w) => ({ w, tracking: true })),
    ...carrierNameWords().map((w) => ({ w, tracking: true })),
    ...NOT_TRACKING_WORDS.map((w) => ({ w, tracking: false })),
  ];
  // Longest first, so "tracking number" wins over "tracking" and "訂單號" over "單號".
  entries.sort((a, b) => b.w.length - a.w.length);
  const alternatives: string[] = [];
  for (const { w, tracking } of entries) {
    if (keywordMeaning.has(w)) continue;
    keywordMeaning.set(w, tracking);
    const body = w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[ \\t]+');
    alternatives.push(/^[a-z0-9 &-]+$/.test(w) ? `(?<![A-Za-z0-9])${body}(?![A-Za-z0-9])` : body);
  }
  // Alternatives are tried in order, so the longest context word wins at each position.
  return new RegExp(alternatives.join('|'), 'gi');
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

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;
const ASCII_WORD = /[A-Za-z0-9]+/g;
/** Letter-only ASCII words shorter than this are codes or small words and never break a context link. */
const MIN_PLAIN_WORD = 5;

export function createContextReader(text: string): ContextReader {
  const keywordEnds: number[] = [];
  const keywordKinds: boolean[] = [];
  let plainWordEnds: Int32Array = new Int32Array(0);
  let indexed = false;

  const index = (): void => {
    indexed = true;
    const covered: [number, number][] = [];
    for (const m of text.matchAll(keywordPattern)) {
      const end = m.index + m[0].length;
      keywordEnds.push(end);
      keywordKinds.push(keywordMeaning.get(m[0].toLowerCase().replace(/[ \t]+/g, ' ')) ?? false);
      covered.push([m.index, end]);
    }
    plainWordEnds = Int32Array.from(findPlainWords(text, covered));
  };

  return {
    kindBefore(position) {
      if (!indexed) index();
      const k = upperBound(keywordEnds, position) - 1;
      if (k < 0) return 'neutral';
      const keywordEnd = keywordEnds[k] as number;
      const w = upperBound(plainWordEnds, position) - 1;
      if (w >= 0 && (plainWordEnds[w] as number) > keywordEnd) return 'neutral';
      return keywordKinds[k] ? 'tracking' : 'not-tracking';
    },
    isStandalone: (start, end) => isAloneOnLine(text, start, end),
    isPhoneLike(start) {
      let i = start - 1;
      while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
      return text[i] === '+' || text[i] === ')';
    },
  };
}

/**
 * End offsets of the message's ordinary words: ASCII words of five or more letters and CJK text, outside
 * every context word and not filler ("number", "是").
 */
function findPlainWords(text: string, covered: readonly [number, number][]): number[] {
  const ends: number[] = [];
  let c = 0;
  const isCovered = (start: number, end: number): boolean => {
    while (c < covered.length && (covered[c] as [number, number])[1] <= start) c++;
    const span = covered[c];
    return span !== undefined && span[0] <= start && end <= span[1];
  };
  const words: { start: number; end: number; word: string }[] = [];
  for (const m of text.matchAll(ASCII_WORD)) {
    const word = m[0];
    if (word.length >= MIN_PLAIN_WORD && !/\d/.test(word))
      words.push({ start: m.index, end: m.index + word.length, word });
  }
  let k = 0;
  for (const m of text.matchAll(CJK)) {
    // Each stretch of CJK text between context words is one word. Both lists are in text order.
    let from = m.index;
    const runEnd = m.index + m[0].length;
    while (k < covered.length && (covered[k] as [number, number])[1] <= from) k++;
    for (let j = k; j < covered.length && (covered[j] as [number, number])[0] < runEnd; j++) {
      const [s, e] = covered[j] as [number, number];
      if (s > from) words.push({ start: from, end: s, word: text.slice(from, s) });
      from = Math.max(from, e);
    }
    if (from < runEnd) words.push({ start: from, end: runEnd, word: text.slice(from, runEnd) });
  }
  words.sort((a, b) => a.start - b.start);
  for (const { start, end, word } of words) {
    if (isCovered(start, end) || FILLER_WORDS.has(word.toLowerCase())) continue;
    ends.push(end);
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
