/**
 * Places as people write them. Carriers often send place names in capitals (`HONG KONG`, Hongkong
 * Post's `orgCnty_e`), and the same place in mixed case elsewhere (Fuuffy's `Hong Kong`), so a route
 * read `HONG KONG → Hong Kong`. A name written wholly in capitals is read as a name: each word
 * capitalized (`Hong Kong`, `New York`), linking words lowered (`United States of America`), and
 * abbreviations kept: two letters (`NY`, `UK`) and the three-letter ones carriers write in addresses
 * (`SAR`, `USA`). Text with any lower-case letter, or in a script without case, is the carrier's own
 * spelling and stays as it is.
 */
export function placeName(text: string): string {
  if (/\p{Ll}/u.test(text) || !/\p{Lu}{4}/u.test(text)) return text;
  return text.replace(/\p{L}+/gu, (word, offset: number) => {
    if (offset > 0 && LINKING_WORDS.has(word)) return word.toLowerCase();
    if (word.length <= 2 || ABBREVIATIONS.has(word)) return word;
    return word.charAt(0) + word.slice(1).toLowerCase();
  });
}

/** Three-letter words kept in capitals: countries, regions and mail centres written as abbreviations. */
const ABBREVIATIONS: ReadonlySet<string> = new Set([
  'USA',
  'UAE',
  'SAR',
  'PRC',
  'ROC',
  'ROK',
  'NSW',
  'QLD',
  'EMS',
  'ISC',
  'IMC',
  'MPC',
  'DPR',
  'BVI',
]);

/** Words that join a place's name (`Isle OF Man`, `Rio DE Janeiro`), lowered inside a name. */
const LINKING_WORDS: ReadonlySet<string> = new Set([
  'OF',
  'AND',
  'THE',
  'DE',
  'DA',
  'DO',
  'DEL',
  'LA',
  'LE',
  'DU',
]);
