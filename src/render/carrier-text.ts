import type { Locale } from '../domain/locale.js';
import type { LocalizedText } from '../domain/shipment.js';
import { graphemeSegmenter } from '../text/graphemes.js';

/**
 * Carrier text as it may safely stand in a reply line: the carrier's words, kept as plain text (the
 * front-ends escape for their markup), but one line, well-formed, not endless, and unable to turn the
 * rest of the line around.
 */

/** Longest carrier text shown, in user-perceived characters; longer text ends in `…`. @defaultValue 300 */
const MAX_CARRIER_TEXT = 300;

/** A high surrogate without its low half, or a low one without its high half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** C0 and C1 controls and the line and paragraph separators: a carrier line stays one line. */
const CONTROL = /[\p{Cc}\u2028\u2029]/gu;
/** Explicit bidi embeddings, overrides and isolates (Unicode UAX #9 §2). */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
const HAS_BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
/** Strong right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko, … and their presentation forms). */
const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC]|\u200F/;
/** Only spaces and invisible formatting characters (zero-width space, joiners, BOM, …). */
const INVISIBLE = /^[\s\p{Cf}]*$/u;

/**
 * `raw` fit for a reply line, or `undefined` when nothing visible is left. Text with right-to-left
 * letters or bidi controls is wrapped in a first-strong isolate (U+2068 … U+2069) after its own explicit
 * controls are dropped, so it reads correctly and cannot reorder the time and place around it.
 */
export function cleanText(raw: string, maxLength: number = MAX_CARRIER_TEXT): string | undefined {
  const text = raw.replace(LONE_SURROGATE, '\uFFFD').replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  if (INVISIBLE.test(text)) return undefined;
  const short = truncate(text, maxLength);
  if (!RTL.test(short) && !HAS_BIDI_CONTROL.test(short)) return short;
  const plain = short.replace(BIDI_CONTROLS, '').trim();
  return INVISIBLE.test(plain) ? undefined : `\u2068${plain}\u2069`;
}

function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  // Segmenting costs time in the whole input: look only at a window (a grapheme is rarely over 4 code units).
  const window = text.slice(0, maxLength * 4);
  let kept = '';
  let count = 0;
  for (const { segment } of graphemeSegmenter().segment(window)) {
    if (count === maxLength - 1) return `${kept.trimEnd()}…`;
    kept += segment;
    count += 1;
  }
  if (window.length === text.length) return text;
  // The window ended inside a run of long graphemes: cut there, never between a surrogate pair's halves.
  return `${kept.replace(/[\uD800-\uDBFF]$/, '').trimEnd()}…`;
}

/** The carrier's text in the reader's language when the carrier gave one, otherwise as the carrier wrote it. */
export function carrierText(value: LocalizedText | undefined, locale: Locale): string | undefined {
  if (value === undefined) return undefined;
  const translated = value.byLocale?.[locale];
  return (translated === undefined ? undefined : cleanText(translated)) ?? cleanText(value.text);
}

/**
 * Who signed for a parcel is personal: group chats see that it was signed for, not by whom (issue 5 §2).
 * Covers the phrasings carriers use in English and Chinese (`Signed for by: J SMITH`, `簽收人：陳大文`).
 */
const NAME_EN = String.raw`[^,;.|()（）\n]+`;
const NAME_ZH = String.raw`[^，,。;；|()（）\s]+`;
const SIGNER_PATTERNS: readonly RegExp[] = [
  new RegExp(String.raw`\b(signed\s+(?:for\s+)?by)(\s*[:：-]?\s*)${NAME_EN}`, 'giu'),
  // Only with a colon: "Received by the delivery office" and "Signature required" name nobody.
  new RegExp(
    String.raw`\b(received\s+by|signed|signature|signatory|recipient)(\s*[:：]\s*)${NAME_EN}`,
    'giu',
  ),
  new RegExp(
    String.raw`(簽收人|签收人|簽署人|签署人)(\s*(?:是|为|為)\s*[:：]?\s*|\s*[:：]\s*)${NAME_ZH}`,
    'gu',
  ),
  new RegExp(String.raw`(收件人|收貨人|收货人)(\s*[:：]\s*)${NAME_ZH}`, 'gu'),
];

export function withoutSignerNames(text: string): string {
  return SIGNER_PATTERNS.reduce((t, pattern) => t.replace(pattern, '$1$2…'), text);
}
