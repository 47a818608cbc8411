/** The languages Postie answers in: English, Traditional Chinese (Hong Kong), Simplified Chinese. */
export const LOCALES = ['en', 'zh-HK', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** Where each language other than English is spoken: the zone a chat in it reads times in by default. */
const LOCALE_TIME_ZONES: Readonly<Partial<Record<Locale, string>>> = {
  'zh-HK': 'Asia/Hong_Kong',
  'zh-CN': 'Asia/Shanghai',
};

/**
 * The zone a chat reads times in: the one it chose (`/timezone`), else its language's (`zh-CN` →
 * Asia/Shanghai), else `fallback` (the configured default; English is spoken everywhere).
 */
export function chatTimeZone(chosen: string | undefined, locale: Locale, fallback: string): string {
  return chosen ?? LOCALE_TIME_ZONES[locale] ?? fallback;
}
