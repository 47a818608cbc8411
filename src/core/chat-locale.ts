import { LOCALES, type Locale } from '../domain/locale.js';

/**
 * The Postie locale for a platform language code (Telegram `language_code`, Discord `locale`): the
 * Simplified-script and mainland / Singapore variants read zh-CN, other Chinese (Traditional, Hong Kong,
 * Taiwan, Macau, and a bare `zh`) zh-HK — Postie's home is Hong Kong, and its Telegram menu for `zh` is
 * Traditional. English reads en; `undefined` for languages Postie does not speak (the default applies).
 */
export function localeForLanguage(code: string | undefined): Locale | undefined {
  if (!code) return undefined;
  const lower = code.toLowerCase().replace('_', '-');
  const exact = LOCALES.find((l) => l.toLowerCase() === lower);
  if (exact) return exact;
  if (lower.startsWith('zh')) return /hans|cn|sg/.test(lower) ? 'zh-CN' : 'zh-HK';
  if (lower.startsWith('en')) return 'en';
  return undefined;
}
