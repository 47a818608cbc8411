/** The languages Postie answers in: English, Traditional Chinese (Hong Kong), Simplified Chinese. */
export const LOCALES = ['en', 'zh-HK', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];
