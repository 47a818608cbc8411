import { LOCALES } from '../domain/locale.js';
import type { Reply } from '../domain/reply.js';
import { buttonFor } from './buttons.js';
import type { Translator } from './i18n.js';
import type { RenderContext } from './render-context.js';
import { blockOf, compact } from './spans.js';

/**
 * `/language` without an argument: the chat's language, and one button per language labelled in that
 * language itself (people look for their language by its own name), the current one ticked.
 */
export function languagePickerReply(ctx: RenderContext, translator: Translator): Reply {
  const language = ctx.t(`languages.${ctx.locale}`);
  const buttons = LOCALES.map((locale) => {
    const name = translator.t(locale, `languages.${locale}`);
    return buttonFor(locale === ctx.locale ? `✓ ${name}` : name, { kind: 'language', locale });
  }).filter((b) => b !== undefined);
  return {
    blocks: compact(
      blockOf('line', ctx.t('language_picker.current', { language })),
      blockOf('line', ctx.t('language_picker.choose')),
    ),
    buttons: [buttons],
  };
}
