import type { Reply } from '../../../src/domain/reply.js';
import type { TelegramMessage } from '../../../src/frontends/telegram/markup.js';
import { decodeAction } from '../../../src/render/action-codec.js';
import { parseTelegramHtml } from './telegram-html.js';

/**
 * Everything wrong with `message` as Telegram's rendering of `reply` (empty when nothing is): a chunk
 * over `maxLength` or not valid Telegram HTML, text lost, added or reordered, a button whose
 * callback_data is over 64 bytes or is not the action it was made from.
 */
export function markupProblems(reply: Reply, message: TelegramMessage, maxLength: number): string[] {
  const problems: string[] = [];
  const texts: string[] = [];
  for (const [i, chunk] of message.chunks.entries()) {
    if (chunk.length > maxLength) problems.push(`chunk ${i} is ${chunk.length} long`);
    const parsed = parseTelegramHtml(chunk);
    if (!parsed.ok) problems.push(`chunk ${i}: ${parsed.error}: ${JSON.stringify(chunk.slice(0, 200))}`);
    else if (parsed.text.trim() === '') problems.push(`chunk ${i} is blank`);
    else texts.push(parsed.text);
  }
  const lost = textLost(replyText(reply), texts);
  if (lost) problems.push(lost);
  for (const button of message.keyboard?.inline_keyboard.flat() ?? []) {
    const data = 'callback_data' in button ? button.callback_data : '';
    if (Buffer.byteLength(data) > 64) problems.push(`callback_data of ${Buffer.byteLength(data)} bytes`);
    if (!decodeAction(data)) problems.push(`callback_data ${data} does not decode`);
  }
  return problems;
}

/**
 * The text a reader should see: blocks on their own lines, each span's text with lone surrogates
 * as U+FFFD and control characters other than tab and line feed removed (what Telegram can carry).
 */
function replyText(reply: Reply): string {
  const wellFormed = (s: string) =>
    Array.from(s, (ch) => {
      const code = ch.codePointAt(0) ?? 0;
      return code >= 0xd800 && code <= 0xdfff ? '\uFFFD' : ch;
    }).join('');
  const visible = (s: string) =>
    Array.from(wellFormed(s))
      .filter((ch) => {
        const code = ch.codePointAt(0) ?? 0;
        return ch === '\t' || ch === '\n' || (code >= 0x20 && code !== 0x7f);
      })
      .join('');
  return reply.blocks.map((b) => b.spans.map((s) => visible(s.text)).join('')).join('\n');
}

/** `expected` must be the chunks' texts in order, with nothing but whitespace between and around them. */
function textLost(expected: string, chunks: readonly string[]): string | undefined {
  let at = 0;
  for (const [i, text] of chunks.entries()) {
    const found = expected.indexOf(text, at);
    if (found < 0) return `chunk ${i}'s text is not the reply's next text`;
    if (expected.slice(at, found).trim() !== '') return `text before chunk ${i} is lost`;
    at = found + text.length;
  }
  return expected.slice(at).trim() === '' ? undefined : 'text after the last chunk is lost';
}
