import type { Locale } from '../domain/locale.js';
import type { TextParams, Translator } from './i18n.js';
import type { View } from './view.js';

/** Everything a piece of a reply needs: who reads it, and their texts. */
export interface RenderContext {
  readonly view: View;
  readonly locale: Locale;
  /** A text in the reader's language. */
  readonly t: (key: string, params?: TextParams) => string;
  /** Whether the reader's language has `key` of its own (no English fallback). */
  readonly has: (key: string) => boolean;
}

export function renderContext(translator: Translator, view: View): RenderContext {
  const { locale } = view;
  return {
    view,
    locale,
    t: (key, params) => translator.t(locale, key, params),
    has: (key) => translator.has(locale, key),
  };
}
