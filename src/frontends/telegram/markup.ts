import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import type { Block, Reply, Span } from '../../domain/reply.js';
import { encodeAction } from '../../render/action-codec.js';
import { graphemeSegmenter } from '../../text/graphemes.js';

/**
 * Reply → Telegram HTML: the one place that escapes text for Telegram and splits it to Telegram's lengths.
 * Only the tags Telegram's HTML parse mode knows are written (`<b> <i> <code> <a href>`), and only
 * nested the way Telegram allows (https://core.telegram.org/bots/api#formatting-options): `<code>` is
 * never inside or around another tag; `<b>`/`<i>` may sit inside a link.
 */

/** "Text of the message to be sent, 1-4096 characters after entities parsing" (https://core.telegram.org/bots/api#sendmessage). */
export const MAX_MESSAGE_LENGTH = 4096;
/** `callback_data`: 1-64 bytes (https://core.telegram.org/bots/api#inlinekeyboardbutton). */
export const MAX_CALLBACK_DATA_BYTES = 64;
/** BotCommand `description`: 1-256 characters (https://core.telegram.org/bots/api#botcommand). */
const MAX_COMMAND_DESCRIPTION = 256;

export interface TelegramMessage {
  /**
   * HTML texts to send in order, each at most `maxLength` UTF-16 code units *as markup* (tags and
   * entities included), so the text Telegram counts after parsing is within its limit too.
   */
  readonly chunks: readonly string[];
  /** The buttons, for the last chunk; absent when no button fits. */
  readonly keyboard?: InlineKeyboardMarkup;
}

/** A run of text with the tags around it (`open` + escaped text + `close` is valid Telegram HTML). */
interface Run {
  readonly open: string;
  readonly close: string;
  readonly text: string;
}

/**
 * Blocks become lines; a reply longer than `maxLength` is split between blocks where it can (a timeline
 * event stays whole), else inside a block at a line break or space, else between grapheme clusters;
 * never inside a tag or an entity (tags are closed at the end of a chunk and reopened in the next).
 * Whitespace-only chunks are dropped: Telegram refuses empty messages.
 */
export function toTelegramMessage(reply: Reply, maxLength = MAX_MESSAGE_LENGTH): TelegramMessage {
  if (maxLength < 64) throw new RangeError('maxLength must be at least 64');
  const lines = reply.blocks.map((block) => runsOf(block, maxLength));
  const keyboard = inlineKeyboard(reply);
  return { chunks: chunkLines(lines, maxLength), ...(keyboard ? { keyboard } : {}) };
}

/** Buttons whose action does not fit in `callback_data` (or whose label is blank) are left out. */
function inlineKeyboard(reply: Reply): InlineKeyboardMarkup | undefined {
  const rows = (reply.buttons ?? [])
    .map((row) =>
      row.flatMap((button): InlineKeyboardButton[] => {
        const data = encodeAction(button.action);
        const text = cleanText(button.label).trim();
        return text && Buffer.byteLength(data) <= MAX_CALLBACK_DATA_BYTES
          ? [{ text, callback_data: data }]
          : [];
      }),
    )
    .filter((row) => row.length > 0);
  return rows.length > 0 ? { inline_keyboard: rows } : undefined;
}

/** A command menu description: one line, at most 256 characters (ellipsis when cut), never empty. */
export function fitCommandDescription(text: string, fallback: string): string {
  const line = cleanText(text).replace(/\s+/g, ' ').trim() || fallback;
  const points = [...line];
  return points.length <= MAX_COMMAND_DESCRIPTION
    ? line
    : `${points.slice(0, MAX_COMMAND_DESCRIPTION - 1).join('')}…`;
}

/** `& < >` as entities: text outside tags (https://core.telegram.org/bots/api#html-style). */
const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (text: string): string => escapeHtml(text).replace(/"/g, '&quot;');

/**
 * Text as Telegram can take it: lone UTF-16 surrogates (not valid UTF-8) become U+FFFD, and control
 * characters other than tab and line feed are dropped (carrier text may contain them).
 */
function cleanText(text: string): string {
  return (
    text
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what is removed.
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
  );
}

/** Only absolute http(s) links become `<a href>`; anything else (javascript:, tg:, relative) stays text. */
function safeHref(href: string | undefined): string | undefined {
  if (!href || !URL.canParse(href)) return undefined;
  const url = new URL(href);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
}

/** A block's runs, neighbours with the same tags merged (`<b>Hongkong Post </b>`, not `<b>Hongkong Post</b><b> </b>`). */
function runsOf(block: Block, maxLength: number): Run[] {
  const runs: Run[] = [];
  for (const span of block.spans) {
    const run = runOf(span, block.kind, maxLength);
    const previous = runs.at(-1);
    if (run.text === '') continue;
    if (previous && previous.open === run.open && previous.close === run.close)
      runs[runs.length - 1] = { ...run, text: previous.text + run.text };
    else runs.push(run);
  }
  return runs;
}

function runOf(span: Span, kind: Block['kind'], maxLength: number): Run {
  const text = cleanText(span.text);
  const href = safeHref(span.href);
  if (span.style === 'code' && !href) return { open: '<code>', close: '</code>', text };
  const bold = span.style === 'bold' || kind === 'heading';
  const italic = span.style === 'italic' || kind === 'note';
  const inner = {
    open: `${bold ? '<b>' : ''}${italic ? '<i>' : ''}`,
    close: `${italic ? '</i>' : ''}${bold ? '</b>' : ''}`,
  };
  const link = href ? `<a href="${escapeAttribute(href)}">` : '';
  // A link whose tag would eat a good part of every chunk is shown as plain text instead.
  if (!link || link.length > maxLength / 4) return { ...inner, text };
  return { open: `${link}${inner.open}`, close: `${inner.close}</a>`, text };
}

const renderRun = (run: Run): string => `${run.open}${escapeHtml(run.text)}${run.close}`;
const hasText = (html: string): boolean => /\S/.test(html.replace(/<[^>]*>/g, ''));

function chunkLines(lines: readonly Run[][], max: number): string[] {
  const chunks: string[] = [];
  let current: string | undefined;
  const flush = () => {
    if (current !== undefined && hasText(current)) chunks.push(current);
    current = undefined;
  };
  for (const runs of lines) {
    const html = runs.map(renderRun).join('');
    const joined = current === undefined ? html : `${current}\n${html}`;
    if (joined.length <= max) {
      current = joined;
      continue;
    }
    flush();
    const pieces = html.length <= max ? [html] : splitLine(runs, max);
    for (const piece of pieces.slice(0, -1)) if (hasText(piece)) chunks.push(piece);
    current = pieces.at(-1);
  }
  flush();
  return chunks;
}

/** One line too long for a chunk, as pieces of at most `max`; text is kept whole and in order. */
function splitLine(runs: readonly Run[], max: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const run of runs) {
    let rest = run.text;
    while (rest !== '') {
      // Escaping never shortens text, so a long rest is not escaped whole just to learn it does not fit.
      const room = max - current.length - run.open.length - run.close.length;
      if (rest.length <= room && escapedLength(rest) <= room) {
        current += renderRun({ ...run, text: rest });
        break;
      }
      const cut = cutPoint(rest, room);
      // Rather than cut a word at an awkward place, start a new piece at this run.
      if (current !== '' && (cut.index === 0 || !cut.clean)) {
        pieces.push(current);
        current = '';
        continue;
      }
      pieces.push(current + renderRun({ ...run, text: rest.slice(0, cut.index) }));
      current = '';
      rest = rest.slice(cut.index);
    }
  }
  if (current !== '') pieces.push(current);
  return pieces;
}

/** `escapeHtml(s).length`, without building the string: `&` grows by 4 (`&amp;`), `<` and `>` by 3. */
function escapedLength(s: string): number {
  let length = s.length;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code === 38) length += 4;
    else if (code === 60 || code === 62) length += 3;
  }
  return length;
}

/**
 * Where to cut `text` so its escaped prefix fits `budget`: after the last space or line break in the
 * second half of what fits (`clean`), else at the last grapheme cluster boundary, else (one cluster longer
 * than the budget, e.g. a letter with thousands of accents) between code points. Never 0 when `budget`
 * holds one escaped code point (at most 5 units, `&amp;`), which an empty piece always does: `maxLength`
 * ≥ 64 and tags take at most a quarter of it plus 18 units.
 */
function cutPoint(text: string, budget: number): { index: number; clean: boolean } {
  let limit = 0;
  for (let used = escapedLength(text.charAt(0)); limit < text.length && used <= budget; ) {
    limit += 1;
    used += escapedLength(text.charAt(limit));
  }
  // ICU finds the boundaries around an index without walking the text from its start.
  const segments = graphemeSegmenter().segment(text.slice(0, limit + 8));
  const isBoundary = (i: number) => segments.containing(i)?.index === i;
  for (let i = limit; i > limit / 2; i--) {
    if (/\s/.test(text.charAt(i - 1)) && isBoundary(i)) return { index: i, clean: true };
  }
  const clusterStart = segments.containing(limit)?.index ?? 0;
  if (clusterStart > 0) return { index: clusterStart, clean: false };
  const splitsPair =
    /[\uD800-\uDBFF]/.test(text.charAt(limit - 1)) && /[\uDC00-\uDFFF]/.test(text.charAt(limit));
  return { index: splitsPair ? limit - 1 : limit, clean: false };
}
