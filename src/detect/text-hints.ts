import { notableCarriers } from '../carriers/catalogue.js';
import type { CarrierId } from '../domain/carrier.js';
import { createPhraseIndex } from '../text/phrase-index.js';

/** What the words around the numbers say about where a parcel is and who carries it. */
export interface TextHints {
  /** ISO 3166-1 alpha-2 codes and the scripts `zh`, `ja`, `ko`. */
  readonly regions: ReadonlySet<string>;
  /** Carriers the text names ("順豐", "FedEx", "NZ Post"). */
  readonly mentions: ReadonlySet<CarrierId>;
}

export const NO_HINTS: TextHints = { regions: new Set(), mentions: new Set() };

/** Place names people write. ASCII ones match as whole words, CJK ones anywhere (`phrase-index.ts`). */
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
  // Place names, and the words for a parcel and its number in the country's language: a German message
  // about a "Paket" or its "Sendungsnummer" is most likely about a German carrier's number.
  DE: ['germany', 'deutschland', '德國', '德国', 'paket', 'sendung', 'sendungsnummer', 'paketnummer'],
  NL: ['netherlands', 'nederland', '荷蘭', '荷兰', 'pakket', 'zending'],
  FR: ['france', 'colis', 'numéro de suivi', 'suivi'],
  ES: ['spain', 'españa', 'envío', 'envio', 'paquete'],
};

type HintValue = { readonly region: string } | { readonly carrier: CarrierId };

const phrases = createPhraseIndex<HintValue>([
  ...Object.entries(REGION_WORDS).flatMap(([region, words]) =>
    words.map((phrase) => ({ phrase, value: { region } })),
  ),
  ...notableCarriers().flatMap((carrier) =>
    carrier.aliases.map((phrase) => ({ phrase, value: { carrier: carrier.id } })),
  ),
]);

/** Above this many characters only the text near the numbers is read for hints (chat messages are far shorter). */
export const HINT_SCAN_LIMIT = 8192;

/**
 * Reads the hints in `text` (already NFKC-normalized). Scripts count by presence: any Han character
 * hints `zh`, kana `ja` (and Japanese Han), Hangul `ko`; place and carrier names count where they appear.
 */
export function readHints(text: string): TextHints {
  const regions = new Set<string>();
  const mentions = new Set<CarrierId>();
  if (/\p{Script=Hiragana}|\p{Script=Katakana}/u.test(text)) regions.add('ja');
  else if (/\p{Script=Han}/u.test(text)) regions.add('zh');
  if (/\p{Script=Hangul}/u.test(text)) regions.add('ko');
  for (const { value } of phrases.findAll(text)) {
    if ('region' in value) regions.add(value.region);
    else mentions.add(value.carrier);
  }
  return { regions, mentions };
}
