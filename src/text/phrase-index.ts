/**
 * Finds many fixed phrases in text in one pass: "tracking number", "順豐", "$". ASCII letters match
 * case-insensitively; a space in a phrase matches any run of spaces and tabs; a phrase that starts and
 * ends with a letter or digit matches whole words only; other phrases (CJK, symbols) match anywhere. At
 * each position the longest phrase wins, and matches do not overlap. Cost: each position is tried
 * against the few phrases that share its first word (or first character), so linear in the text.
 */
interface PhraseMatch<T> {
  readonly start: number;
  readonly end: number;
  readonly value: T;
}

export interface PhraseIndex<T> {
  findAll(text: string): PhraseMatch<T>[];
}

interface Entry<T> {
  readonly phrase: string;
  readonly value: T;
  readonly wholeWord: boolean;
}

const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const lower = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);
const isSpace = (c: number) => c === 32 || c === 9;

export function createPhraseIndex<T>(
  entries: readonly { readonly phrase: string; readonly value: T }[],
): PhraseIndex<T> {
  // Keyed by the phrase's first word (ASCII) or first character (anything else); longest phrase first.
  const byFirstWord = new Map<string, Entry<T>[]>();
  const byFirstChar = new Map<number, Entry<T>[]>();
  for (const { phrase, value } of entries) {
    const p = phrase.toLowerCase();
    const first = p.charCodeAt(0);
    const last = p.charCodeAt(p.length - 1);
    const entry = { phrase: p, value, wholeWord: isAlnum(first) && isAlnum(last) };
    if (isAlnum(first)) {
      const word = /^[a-z0-9]+/.exec(p)?.[0] ?? p;
      byFirstWord.set(word, [...(byFirstWord.get(word) ?? []), entry]);
    } else {
      byFirstChar.set(first, [...(byFirstChar.get(first) ?? []), entry]);
    }
  }
  for (const list of [...byFirstWord.values(), ...byFirstChar.values()]) {
    list.sort((a, b) => b.phrase.length - a.phrase.length);
  }
  // Cheap rejections before a word is sliced and looked up: its first letter and its length.
  const firstLetters = new Set([...byFirstWord.keys()].map((w) => w.charCodeAt(0)));
  const longestFirstWord = Math.max(0, ...[...byFirstWord.keys()].map((w) => w.length));

  /** Where `entry` ends when it matches at `at`, else -1. */
  const matchAt = (text: string, at: number, entry: Entry<T>): number => {
    let i = at;
    for (let p = 0; p < entry.phrase.length; p++) {
      const want = entry.phrase.charCodeAt(p);
      if (want === 32) {
        if (!isSpace(text.charCodeAt(i))) return -1;
        while (isSpace(text.charCodeAt(i))) i++;
      } else if (lower(text.charCodeAt(i)) === want) {
        i++;
      } else {
        return -1;
      }
    }
    return entry.wholeWord && isAlnum(text.charCodeAt(i)) ? -1 : i;
  };

  return {
    findAll(text) {
      const found: PhraseMatch<T>[] = [];
      let i = 0;
      while (i < text.length) {
        const c = text.charCodeAt(i);
        let candidates: Entry<T>[] | undefined;
        let next = i + 1;
        if (isAlnum(c)) {
          // A word: only phrases starting with this word can match here, and only at its start.
          let j = i + 1;
          while (j < text.length && isAlnum(text.charCodeAt(j))) j++;
          // The word is ASCII, so lower-casing it keeps its length.
          if (firstLetters.has(lower(c)) && j - i <= longestFirstWord) {
            candidates = byFirstWord.get(text.slice(i, j).toLowerCase());
          }
          next = j;
        } else {
          candidates = byFirstChar.get(lower(c));
        }
        let matched = false;
        for (const entry of candidates ?? []) {
          const end = matchAt(text, i, entry);
          if (end < 0) continue;
          found.push({ start: i, end, value: entry.value });
          i = end;
          matched = true;
          break;
        }
        if (!matched) i = next;
      }
      return found;
    },
  };
}
