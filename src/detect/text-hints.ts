import { allCarriers } from '../carriers/catalogue.js';
import type { CarrierId } from '../domain/carrier.js';

/** What the words around the numbers say about where a parcel is and who carries it. */
export interface TextHints {
  /** ISO 3166-1 alpha-2 codes and the scripts `zh`, `ja`, `ko`. */
  readonly regions: ReadonlySet<string>;
  /** Carriers the text names ("順豐", "FedEx", "NZ Post"). */
  readonly mentions: ReadonlySet<CarrierId>;
}

export const NO_HINTS: TextHints = { regions: new Set(), mentions: new Set() };

/** Place names people write, lower case. ASCII ones match as whole words, CJK ones anywhere. */
const REGION_WORDS: Readonly<Record<string, readonly string[]>> = {
  HK: ['hk', 'hong kong', 'hongkong', 'kowloon', '香港', '九龍', '九龙', '港澳'],
  NZ: [
    'nz',
    'new zealand',
    'aotearoa',
    'auckland',
    'wellington',
    'christchurch',
    '紐西蘭',
    '新西蘭',
    '新西兰',
    '纽西兰',
  ],
  CN: ['china', 'mainland', '中國', '中国', '內地', '内地', '大陸', '大陆'],
  TW: ['taiwan', '台灣', '台湾', '臺灣'],
  MO: ['macau', 'macao', '澳門', '澳门'],
  JP: ['japan', '日本'],
  AU: ['australia', '澳洲', '澳大利亞', '澳大利亚'],
  CA: ['canada', '加拿大'],
  GB: ['uk', 'united kingdom', 'england', 'scotland', 'wales', '英國', '英国'],
  US: ['usa', 'united states', '美國', '美国'],
  DE: ['germany', 'deutschland', '德國', '德国'],
  NL: ['netherlands', 'nederland', '荷蘭', '荷兰'],
};

interface Phrase {
  readonly text: string;
  readonly wholeWord: boolean;
  readonly region?: string;
  readonly carrier?: CarrierId;
}

const phrases: readonly Phrase[] = buildPhrases();

function buildPhrases(): Phrase[] {
  const list: Phrase[] = [];
  const isAscii = (s: string) => /^[\x20-\x7e]+$/.test(s);
  for (const [region, words] of Object.entries(REGION_WORDS)) {
    for (const text of words) list.push({ text, wholeWord: isAscii(text), region });
  }
  for (const carrier of allCarriers()) {
    for (const text of carrier.aliases) list.push({ text, wholeWord: isAscii(text), carrier: carrier.id });
  }
  return list;
}

/** Above this many characters only the text near the numbers is read for hints (chat messages are far shorter). */
export const HINT_SCAN_LIMIT = 8192;

/**
 * Reads the hints in `text` (already NFKC-normalized). Scripts count by presence: any Han character
 * hints `zh`, kana `ja` (and Japanese Han), Hangul `ko`. Cost is linear in `text` per phrase, so callers pass
 * at most `HINT_SCAN_LIMIT` characters.
 */
export function readHints(text: string): TextHints {
  const lower = text.toLowerCase();
  const regions = new Set<string>();
  const mentions = new Set<CarrierId>();
  if (/\p{Script=Hiragana}|\p{Script=Katakana}/u.test(text)) regions.add('ja');
  else if (/\p{Script=Han}/u.test(text)) regions.add('zh');
  if (/\p{Script=Hangul}/u.test(text)) regions.add('ko');
  for (const phrase of phrases) {
    if (!containsPhrase(lower, phrase)) continue;
    if (phrase.region) regions.add(phrase.region);
    if (phrase.carrier) mentions.add(phrase.carrier);
  }
  return { regions, mentions };
}

function containsPhrase(lower: string, phrase: Phrase): boolean {
  let from = 0;
  for (;;) {
    const at = lower.indexOf(phrase.text, from);
    if (at < 0) return false;
    if (!phrase.wholeWord || (isBoundary(lower, at - 1) && isBoundary(lower, at + phrase.text.length)))
      return true;
    from = at + 1;
  }
}

/** A word boundary for ASCII phrases: the edge of the text or a character that is not a letter or digit. */
function isBoundary(text: string, index: number): boolean {
  if (index < 0 || index >= text.length) return true;
  const c = text.charCodeAt(index);
  return !((c >= 48 && c <= 57) || (c >= 97 && c <= 122));
}
