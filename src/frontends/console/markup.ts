import type { Block, Reply, Span } from '../../domain/reply.js';

/** Terminal styles, when the output is a terminal. */
export interface TextStyles {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly link: (text: string, href: string) => string;
}

export const PLAIN: TextStyles = {
  bold: (s) => s,
  dim: (s) => s,
  link: (text, href) => (text === href ? href : `${text} <${href}>`),
};

export const ANSI: TextStyles = {
  bold: (s) => `\u001b[1m${s}\u001b[22m`,
  dim: (s) => `\u001b[2m${s}\u001b[22m`,
  link: (text, href) => `\u001b]8;;${href}\u0007${text}\u001b]8;;\u0007`,
};

/** Control characters a carrier or a user could send that would move the terminal's cursor. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what is removed.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * A reply as terminal text: one line per block, buttons numbered `[1] Refresh` for `!1` to press, from
 * `firstButton` on (replies to one input number their buttons on from each other's).
 */
export function toConsoleText(reply: Reply, styles: TextStyles, firstButton = 1): string {
  const lines = reply.blocks.map((b) => renderBlock(b, styles));
  const buttons = (reply.buttons ?? []).flat();
  if (buttons.length > 0)
    lines.push(styles.dim(buttons.map((b, i) => `[${firstButton + i}] ${clean(b.label)}`).join('  ')));
  return lines.join('\n');
}

function renderBlock(block: Block, styles: TextStyles): string {
  const text = block.spans.map((s) => renderSpan(s, styles)).join('');
  if (block.kind === 'heading') return styles.bold(text);
  if (block.kind === 'note') return styles.dim(text);
  if (block.kind === 'event') return `  ${text}`;
  return text;
}

function renderSpan(span: Span, styles: TextStyles): string {
  const text = clean(span.text);
  const styled = span.style === 'bold' ? styles.bold(text) : text;
  return span.href ? styles.link(styled, clean(span.href)) : styled;
}

const clean = (s: string) => s.replace(CONTROL, '');
