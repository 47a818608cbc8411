/**
 * A strict reader of the Telegram HTML Postie may send (https://core.telegram.org/bots/api#html-style),
 * written apart from `markup.ts` so the two check each other: only `<b> <i> <code> <a href="http(s)…">`,
 * balanced and nested as Telegram allows (`<code>` holds and sits in no other tag, links do not nest),
 * every `& < >` in text written as an entity (`&lt; &gt; &amp; &quot;` or numeric), and the
 * text valid UTF-16 (Telegram takes UTF-8 only: a lone surrogate cannot be sent). Gives the text a
 * user sees and its entities, or why Telegram would refuse it (the fake Bot API answers 400 with that).
 */

interface HtmlEntity {
  readonly type: 'bold' | 'italic' | 'code' | 'text_link';
  /** In UTF-16 code units, like Telegram's. */
  readonly offset: number;
  readonly length: number;
  readonly url?: string;
}

export type ParsedHtml =
  | { readonly ok: true; readonly text: string; readonly entities: readonly HtmlEntity[] }
  | { readonly ok: false; readonly error: string };

const TAGS = { b: 'bold', i: 'italic', code: 'code', a: 'text_link' } as const;
type TagName = keyof typeof TAGS;
const ENTITY = /&(?:([a-z]+)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));/;
const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"' };

export function parseTelegramHtml(html: string): ParsedHtml {
  let text = '';
  const open: { name: TagName; offset: number; url?: string }[] = [];
  const entities: HtmlEntity[] = [];
  const fail = (error: string): ParsedHtml => ({ ok: false, error: `can't parse entities: ${error}` });
  const tagAt = /<(\/?)([a-z]+)((?: [a-z]+="[^"<>]*")*)>/y;
  const entityAt = new RegExp(ENTITY.source, 'y');
  let i = 0;
  while (i < html.length) {
    const ch = html[i];
    if (ch === '<') {
      tagAt.lastIndex = i;
      const tag = tagAt.exec(html);
      if (!tag) return fail(`unsupported start tag at byte offset ${i}`);
      const [whole, closing, rawName = '', attrs = ''] = tag;
      if (!(rawName in TAGS)) return fail(`unsupported tag "${rawName}"`);
      const name = rawName as TagName;
      if (closing) {
        const top = open.pop();
        if (!top || top.name !== name || attrs) return fail(`unmatched end tag "${name}"`);
        if (text.length === top.offset) return fail(`empty "${name}" entity`);
        const url = top.url;
        entities.push({
          type: TAGS[name],
          offset: top.offset,
          length: text.length - top.offset,
          ...(url ? { url } : {}),
        });
      } else {
        const href = /^ href="([^"]*)"$/.exec(attrs);
        if (name === 'a' ? !href : attrs) return fail(`bad attributes on "${name}"`);
        if (open.some((t) => t.name === 'code') || (name === 'code' && open.length > 0))
          return fail('code entities can not contain or be inside other entities');
        if (open.some((t) => t.name === name)) return fail(`nested "${name}"`);
        const url = href ? decodeEntities(href[1] ?? '') : undefined;
        if (href && (url === undefined || !/^https?:\/\/\S+$/.test(url))) return fail('wrong HTTP URL');
        open.push({ name, offset: text.length, ...(url !== undefined ? { url } : {}) });
      }
      i += whole.length;
    } else if (ch === '&') {
      entityAt.lastIndex = i;
      const entity = entityAt.exec(html);
      const decoded = entity ? decodeEntity(entity) : undefined;
      if (!entity || decoded === undefined) return fail(`unescaped "&" at byte offset ${i}`);
      text += decoded;
      i += entity[0].length;
    } else if (ch === '>') {
      return fail(`unescaped ">" at byte offset ${i}`);
    } else {
      text += ch;
      i += 1;
    }
  }
  if (open.length > 0) return fail(`unclosed "${open.at(-1)?.name}"`);
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(html))
    return { ok: false, error: 'strings must be encoded in UTF-8' };
  return { ok: true, text, entities };
}

function decodeEntity(match: RegExpExecArray): string | undefined {
  const [, name, decimal, hex] = match;
  if (name !== undefined) return NAMED[name];
  const code = decimal !== undefined ? Number(decimal) : Number.parseInt(hex ?? '', 16);
  return code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

function decodeEntities(value: string): string | undefined {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '&') {
      out += value[i];
      continue;
    }
    const entityAt = new RegExp(ENTITY.source, 'y');
    entityAt.lastIndex = i;
    const entity = entityAt.exec(value);
    const decoded = entity ? decodeEntity(entity) : undefined;
    if (!entity || decoded === undefined) return undefined;
    out += decoded;
    i += entity[0].length - 1;
  }
  return out;
}
