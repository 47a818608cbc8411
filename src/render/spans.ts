import type { Block, Span } from '../domain/reply.js';

/** A piece of a block: a span, plain text, or nothing (left out). */
export type Part = Span | string | undefined | false;

/**
 * A block of the non-empty parts, or `undefined` when nothing is left: replies never carry empty spans
 * (a platform may reject an empty text entity, and an empty line is noise).
 */
export function blockOf(kind: Block['kind'], ...parts: readonly Part[]): Block | undefined {
  const spans = parts
    .filter((p): p is Span | string => p !== undefined && p !== false)
    .map((p) => (typeof p === 'string' ? { text: p } : p))
    .filter((s) => s.text.length > 0);
  return spans.length > 0 ? { kind, spans } : undefined;
}

/** The blocks that exist, in order. */
export function compact(...blocks: readonly (Block | undefined | readonly (Block | undefined)[])[]): Block[] {
  return blocks.flat().filter((b): b is Block => b !== undefined);
}

export const bold = (text: string): Span => ({ text, style: 'bold' });
export const italic = (text: string): Span => ({ text, style: 'italic' });
export const code = (text: string, href?: string): Span => ({
  text,
  style: 'code',
  ...(href ? { href } : {}),
});

/** Parts separated by ` · `, the ones that exist only. */
export function joined(separator: string, ...parts: readonly Part[]): Part[] {
  const present = parts
    .filter((p): p is Span | string => p !== undefined && p !== false)
    .filter((p) => (typeof p === 'string' ? p : p.text).length > 0);
  return present.flatMap((p, i) => (i === 0 ? [p] : [separator, p]));
}
