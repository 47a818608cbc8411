import {
  type APIActionRowComponent,
  type APIApplicationCommandOptionChoice,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
} from 'discord.js';
import type { AutocompleteChoice } from '../../core/autocomplete.js';
import type { Block, Button, Reply, Span } from '../../domain/reply.js';
import { encodeAction } from '../../render/action-codec.js';
import { graphemeSegmenter } from '../../text/graphemes.js';

/**
 * Reply → Discord message payloads: the one place that escapes Discord markdown and splits or truncates
 * text for Discord. Lengths are counted in UTF-16 code units (`String#length`), never fewer than the
 * characters Discord counts, so a payload within these numbers is within Discord's limits.
 */
const DISCORD_LIMITS = {
  /**
   * https://discord.com/developers/docs/resources/message#embed-object-embed-limits (Postie writes no
   * fields, footer or author: title 256, description 4096, and 6000 for all embeds of a message).
   */
  title: 256,
  description: 4096,
  embedTotal: 6000,
  /** https://discord.com/developers/docs/resources/message#create-message-jsonform-params */
  embedsPerMessage: 10,
  /** https://discord.com/developers/docs/components/reference#action-row */
  actionRows: 5,
  buttonsPerRow: 5,
  /** https://discord.com/developers/docs/components/reference#button */
  buttonLabel: 80,
  customId: 100,
  /** https://discord.com/developers/docs/interactions/application-commands#autocomplete */
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  /** Link targets longer than this are shown as text (a sanity bound, not a documented limit). */
  url: 2048,
} as const;

type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

/** One Discord message: embeds and the buttons under it (only the last message of a reply has buttons). */
export interface DiscordMessage {
  readonly embeds: APIEmbed[];
  readonly components: ButtonRow[];
}

/**
 * A reply as one or more messages: a heading opens an embed (its text the title, its link the title's
 * URL), lines, events and notes are description lines; descriptions split between lines (a line is never
 * split, only truncated when it alone is too long), embeds are packed ≤ 10 and ≤ 6000 characters a message.
 * An empty reply gives no message.
 */
export function toDiscordMessages(reply: Reply): DiscordMessage[] {
  const messages: APIEmbed[][] = [];
  let current: APIEmbed[] = [];
  let total = 0;
  for (const embed of toEmbeds(reply.blocks)) {
    const size = embedSize(embed);
    if (current.length === DISCORD_LIMITS.embedsPerMessage || total + size > DISCORD_LIMITS.embedTotal) {
      messages.push(current);
      current = [];
      total = 0;
    }
    current.push(embed);
    total += size;
  }
  if (current.length > 0) messages.push(current);
  const components = toComponents(reply.buttons ?? []);
  return messages.map((embeds, i) => ({ embeds, components: i === messages.length - 1 ? components : [] }));
}

/** The characters of an embed that count towards the 6000 of a message (Postie writes only these two). */
const embedSize = (embed: APIEmbed) => (embed.title?.length ?? 0) + (embed.description?.length ?? 0);

function toEmbeds(blocks: readonly Block[]): APIEmbed[] {
  const embeds: APIEmbed[] = [];
  let embed: { title?: string; url?: string; lines: string[] } | undefined;
  const close = () => {
    if (embed) embeds.push(...packDescription(embed.title, embed.url, embed.lines));
    embed = undefined;
  };
  for (const block of blocks) {
    if (block.kind === 'heading') {
      close();
      // Titles render inline markdown (not links): the heading's text, escaped; its first link is the URL.
      const spans = trimEnds(block.spans.map((s) => ({ text: oneLine(s.text) })));
      const title = fitPieces(
        spans.map((s) => piece(s, false)),
        DISCORD_LIMITS.title,
      );
      const url = block.spans.map((s) => (s.href ? safeUrl(s.href) : undefined)).find(Boolean);
      embed = { ...(title ? { title } : {}), ...(url ? { url } : {}), lines: [] };
      continue;
    }
    embed ??= { lines: [] };
    const line = renderLine(block);
    if (line) embed.lines.push(line);
  }
  close();
  return embeds;
}

/** Description lines into embeds of ≤ 4096 characters; the first carries the title. */
function packDescription(title: string | undefined, url: string | undefined, lines: string[]): APIEmbed[] {
  const descriptions: string[] = [];
  for (const line of lines) {
    const last = descriptions.at(-1);
    if (last !== undefined && last.length + 1 + line.length <= DISCORD_LIMITS.description) {
      descriptions[descriptions.length - 1] = `${last}\n${line}`;
    } else descriptions.push(line);
  }
  if (!title) return descriptions.map((description) => ({ description }));
  const head: APIEmbed = { title, ...(url ? { url } : {}) };
  const [first, ...rest] = descriptions;
  return [
    { ...head, ...(first ? { description: first } : {}) },
    ...rest.map((description) => ({ description })),
  ];
}

/** A block as one markdown line: notes in italics (`_…_`), the rest as written. */
function renderLine(block: Block): string {
  const spans = trimEnds(mergePlain(block.spans.map((s) => ({ ...s, text: oneLine(s.text) }))));
  const pieces = spans.map((s, i) => piece(s, i === 0 && block.kind !== 'note'));
  if (block.kind !== 'note') return fitPieces(pieces, DISCORD_LIMITS.description);
  const inner = fitPieces(pieces, DISCORD_LIMITS.description - 2);
  return inner ? `_${inner}_` : '';
}

/** Neighbouring plain spans as one, so a block marker split across them (`1` + `. `) is still seen. */
function mergePlain(spans: readonly Span[]): Span[] {
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    const plain = (s: Span) => s.style === undefined && s.href === undefined;
    if (last && plain(last) && plain(span)) merged[merged.length - 1] = { text: last.text + span.text };
    else merged.push(span);
  }
  return merged;
}

/** The spans without the line's leading and trailing whitespace (Discord trims it anyway), none empty. */
function trimEnds(spans: readonly Span[]): Span[] {
  const texts = spans.map((s) => s.text);
  for (let i = 0; i < texts.length; i += 1) {
    texts[i] = (texts[i] ?? '').trimStart();
    if (texts[i] !== '') break;
  }
  for (let i = texts.length - 1; i >= 0; i -= 1) {
    texts[i] = (texts[i] ?? '').trimEnd();
    if (texts[i] !== '') break;
  }
  return spans.map((s, i) => ({ ...s, text: texts[i] ?? '' })).filter((s) => s.text !== '');
}

/** A span as markdown: opening markers, the text (escaped unless code), closing markers. */
interface Piece {
  readonly open: string;
  /** The text as written (trimmed: surrounding spaces go outside the markers). */
  readonly text: string;
  /** Whether `text` goes in as is (a code span) rather than escaped. */
  readonly verbatim: boolean;
  /** Index in `text` of a block marker to escape (`#`, `>`, `-`, `+`, the `.` of `12.`), or -1. */
  readonly blockMarker: number;
  readonly close: string;
  /** The same span without its link, for when the link does not fit. */
  readonly unlinked?: Piece;
}

const MARKERS = { bold: '**', italic: '*', code: '`' } as const;
const ELLIPSIS = '…';
/** Separates two markers that would otherwise run together (`**a***b*`). */
const ZERO_WIDTH_SPACE = '\u200b';

function piece(span: Span, lineStart: boolean): Piece {
  const core = span.text.trim();
  if (core === '') return { open: '', text: span.text, verbatim: false, blockMarker: -1, close: '' };
  const lead = span.text.slice(0, span.text.indexOf(core));
  const trail = span.text.slice(lead.length + core.length);
  // Inside a code span nothing is escaped, so text with a backtick or bracket is shown escaped instead.
  const verbatim = span.style === 'code' && !/[`[\]]/.test(core);
  const marker = verbatim ? MARKERS.code : span.style && span.style !== 'code' ? MARKERS[span.style] : '';
  const blockMarker = lineStart && marker === '' ? blockMarkerAt(core) : -1;
  const plain: Piece = { open: lead + marker, text: core, verbatim, blockMarker, close: marker + trail };
  const url = span.href ? safeUrl(span.href) : undefined;
  if (!url) return plain;
  return { ...plain, open: `${lead}[${marker}`, close: `${marker}](${url})${trail}`, unlinked: plain };
}

/**
 * Pieces joined into at most `max` characters. A line that does not fit is cut at a grapheme (an escape
 * is never split from its character) and ends in `…`; a link that does not fit is shown as plain text.
 */
function fitPieces(pieces: readonly Piece[], max: number): string {
  const whole = (p: Piece, before: string) => glue(before, p) + p.open + body(p) + p.close;
  const all = pieces.reduce((out, p) => out + whole(p, out), '');
  if (all.length <= max) return all;
  const budget = max - ELLIPSIS.length;
  let out = '';
  for (const linked of pieces) {
    const p = linked.unlinked && out.length + whole(linked, out).length > budget ? linked.unlinked : linked;
    if (out.length + whole(p, out).length <= budget) {
      out += whole(p, out);
      continue;
    }
    const start = out + glue(out, p) + p.open;
    const close = p.close.trimEnd();
    const cut = cutBody(p, budget - start.length - close.length);
    return cut === '' ? out + ELLIPSIS : start + cut + ELLIPSIS + close;
  }
  return out + ELLIPSIS;
}

const glue = (before: string, p: Piece) =>
  /[*_`~|]$/.test(before) && /^[*_`~|]/.test(p.open) ? ZERO_WIDTH_SPACE : '';

/**
 * Every character with a meaning in Discord markdown gets a backslash: emphasis, strike-through,
 * spoilers, code, masked links and `<…>` mentions, emoji and timestamps anywhere; headings (`#`, `-#`),
 * quotes (`>`) and list markers (`-`, `+`, `1.`) at the start of a line.
 * https://support.discord.com/hc/en-us/articles/210298617-Markdown-Text-101-Chat-Formatting-Bold-Italic-Underline
 */
const INLINE_MARKDOWN = /[\\*_~|`[\]<]/g;
const INLINE_CHAR = /^[\\*_~|`[\]<]$/;

function escapeAt(text: string, offset: number, blockMarker: number): string {
  const at = blockMarker - offset;
  if (at < 0 || at >= text.length) return text.replace(INLINE_MARKDOWN, '\\$&');
  const [before, marker, after] = [text.slice(0, at), text.charAt(at), text.slice(at + 1)];
  return `${before.replace(INLINE_MARKDOWN, '\\$&')}\\${marker}${after.replace(INLINE_MARKDOWN, '\\$&')}`;
}

const body = (p: Piece) => (p.verbatim ? p.text : escapeAt(p.text, 0, p.blockMarker));

/**
 * As much of the piece's text as fits in `room` once escaped, ending on a grapheme boundary (an emoji
 * sequence or a letter with its accents is never split, nor an escape from its character), trailing
 * spaces dropped. Only the boundary is looked up: segmenting a whole long text is slow.
 */
function cutBody(p: Piece, room: number): string {
  let used = 0;
  let end = 0;
  for (; end < p.text.length; end += 1) {
    const escaped = !p.verbatim && (end === p.blockMarker || INLINE_CHAR.test(p.text.charAt(end)));
    used += escaped ? 2 : 1;
    if (used > room) break;
  }
  const boundary =
    end < p.text.length ? (graphemeSegmenter().segment(p.text).containing(end)?.index ?? 0) : end;
  const kept = p.text.slice(0, boundary);
  return (p.verbatim ? kept : escapeAt(kept, 0, p.blockMarker)).trimEnd();
}

/** The index of a block marker at the start of a line (`#`, `>`, `-`, `+`, or the `.` of `12.`), or -1. */
function blockMarkerAt(text: string): number {
  if (/^[#>+-]/.test(text)) return 0;
  const digits = /^\d+\./.exec(text);
  return digits ? digits[0].length - 1 : -1;
}

/** A high surrogate without its low half, or a low one without its high half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as one line of well-formed UTF-16: controls and line breaks become spaces. */
function oneLine(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(/[\p{Cc}\u2028\u2029]/gu, ' ');
}

/** Plain text (no markdown: button labels, choice names, command descriptions) cut to `max` with `…`. */
export function clampText(text: string, max: number): string {
  const line = oneLine(text).trim();
  if (line.length <= max) return line;
  let kept = '';
  for (const { segment } of graphemeSegmenter().segment(line)) {
    if (kept.length + segment.length + ELLIPSIS.length > max) break;
    kept += segment;
  }
  return kept.trimEnd() + ELLIPSIS;
}

/** `href` when it is an http(s) URL without credentials, with `(`, `)` encoded so it ends a masked link. */
function safeUrl(href: string): string | undefined {
  if (!URL.canParse(href)) return undefined;
  const url = new URL(href);
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password)
    return undefined;
  const text = url.href.replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'));
  return text.length <= DISCORD_LIMITS.url ? text : undefined;
}

/** Rows as given, split at 5 buttons; repacked 5 a row when that makes more than 5 rows; 25 at most. */
function toComponents(rows: readonly (readonly Button[])[]): ButtonRow[] {
  const seen = new Set<string>();
  const fitted = rows.map((row) =>
    row.flatMap((b) => {
      const button = toButton(b);
      // Discord refuses two components with one custom_id in a message.
      if (!button || seen.has(button.custom_id)) return [];
      seen.add(button.custom_id);
      return [button];
    }),
  );
  let split = fitted.flatMap((row) => chunk(row, DISCORD_LIMITS.buttonsPerRow));
  if (split.length > DISCORD_LIMITS.actionRows) split = chunk(split.flat(), DISCORD_LIMITS.buttonsPerRow);
  return split
    .slice(0, DISCORD_LIMITS.actionRows)
    .map((components) => ({ type: ComponentType.ActionRow, components }));
}

/** A button whose `custom_id` is the encoded action, or `undefined` when it cannot be one. */
function toButton(button: Button): APIButtonComponentWithCustomId | undefined {
  const custom_id = encodeAction(button.action);
  const label = clampText(button.label, DISCORD_LIMITS.buttonLabel);
  if (label === '' || custom_id.length > DISCORD_LIMITS.customId) return undefined;
  return { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id, label };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** Autocomplete suggestions as Discord choices: ≤ 25, names cut to 100, values that do not fit left out. */
export function toChoices(
  choices: readonly AutocompleteChoice[],
): APIApplicationCommandOptionChoice<string>[] {
  return choices
    .filter((c) => c.value.length > 0 && c.value.length <= DISCORD_LIMITS.choiceValue)
    .map((c) => ({
      name: clampText(c.label, DISCORD_LIMITS.choiceName) || clampText(c.value, DISCORD_LIMITS.choiceName),
      value: c.value,
    }))
    .slice(0, DISCORD_LIMITS.choices);
}
