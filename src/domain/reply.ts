import type { Action } from './action.js';

/**
 * What the core answers, before any platform's markup: front-ends turn it into Telegram HTML, a Discord
 * embed, or terminal text (escaping and length-splitting live only in each front-end's `markup.ts`).
 * All text here is plain text, never markup.
 */
export interface Reply {
  readonly blocks: readonly Block[];
  /** Rows of buttons under the reply. */
  readonly buttons?: readonly (readonly Button[])[];
  /** Only the person who asked should see it (Discord ephemeral replies: errors, personal lists). */
  readonly private?: boolean;
}

/** A run of text with optional emphasis or a link. */
export interface Span {
  readonly text: string;
  readonly style?: 'bold' | 'italic' | 'code';
  readonly href?: string;
}

/**
 * A paragraph-like piece of a reply. `heading` opens a reply (carrier and number), `line` is one line of
 * text, `event` one timeline entry (kept together when a front-end splits long replies), `note` secondary
 * text (muted where the platform can).
 */
export interface Block {
  readonly kind: 'heading' | 'line' | 'event' | 'note';
  readonly spans: readonly Span[];
}

export interface Button {
  readonly label: string;
  readonly action: Action;
}

/** Helpers for building replies. */
export const span = (text: string, style?: Span['style'], href?: string): Span => ({
  text,
  ...(style ? { style } : {}),
  ...(href ? { href } : {}),
});
export const block = (kind: Block['kind'], ...spans: (Span | string)[]): Block => ({
  kind,
  spans: spans.map((s) => (typeof s === 'string' ? { text: s } : s)),
});
