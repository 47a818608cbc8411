import { LOCALES, type Locale } from '../domain/locale.js';

/**
 * The Postie locale for a platform language code (Telegram `language_code`, Discord `locale`): the
 * Traditional-script and Hong Kong / Taiwan / Macau variants read zh-HK, other Chinese zh-CN, English en.
 * `undefined` for languages Postie does not speak (the chat's default applies).
 */
export function localeForLanguage(code: string | undefined): Locale | undefined {
  if (!code) return undefined;
  const lower = code.toLowerCase().replace('_', '-');
  const exact = LOCALES.find((l) => l.toLowerCase() === lower);
  if (exact) return exact;
  if (lower.startsWith('zh')) return /hant|hk|tw|mo/.test(lower) ? 'zh-HK' : 'zh-CN';
  if (lower.startsWith('en')) return 'en';
  return undefined;
}
