import { COMMANDS, type CommandName } from '../domain/commands.js';
import type { Locale } from '../domain/locale.js';
import type { Translator } from './i18n.js';

/** A command's menu texts in one language. */
export interface CommandTexts {
  readonly description: string;
  readonly options: Readonly<Record<string, string>>;
}

/**
 * `commands.<name>.description` and `commands.<name>.options.<option>` for every option of the command
 * in `COMMANDS`. The locale test holds each to the platform limits (Telegram: 3–256 characters for a
 * menu entry; Discord: 1–100 for descriptions), so front-ends can pass them on as they are.
 */
export function commandTexts(translator: Translator, name: CommandName, locale: Locale): CommandTexts {
  const spec = COMMANDS.find((c) => c.name === name);
  return {
    description: translator.t(locale, `commands.${name}.description`),
    options: Object.fromEntries(
      (spec?.options ?? []).map((option) => [
        option.name,
        translator.t(locale, `commands.${name}.options.${option.name}`),
      ]),
    ),
  };
}
