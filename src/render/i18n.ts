import { existsSync, readFileSync } from 'node:fs';
import i18next, { type i18n } from 'i18next';
import { LOCALES, type Locale } from '../domain/locale.js';

/** Interpolation values for a translation: `{{name}}` placeholders in the locale files. */
export type TextParams = Readonly<Record<string, string | number>>;

/** Postie's texts in every language, looked up by dotted key (`statuses.in_transit`). */
export interface Translator {
  /** The text for `key` in `locale` (English where the locale lacks it; the key itself where all do). */
  t(locale: Locale, key: string, params?: TextParams): string;
  /** Whether `locale` itself has `key` (no fallback), for optional texts. */
  has(locale: Locale, key: string): boolean;
}

export interface TranslatorOptions {
  /** The folder holding `en.json`, `zh-HK.json`, `zh-CN.json`. @defaultValue `defaultLocalesDir()` */
  readonly localesDir?: URL;
}

/** The nested string tables of one locale file. */
export interface ResourceTree {
  readonly [key: string]: string | ResourceTree;
}

function isResourceTree(value: unknown): value is ResourceTree {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((v) => typeof v === 'string' || isResourceTree(v));
}

/** Reads one locale file; a malformed file is a packaging error and stops start-up. */
export function readLocaleFile(locale: Locale, localesDir: URL = defaultLocalesDir()): ResourceTree {
  const file = new URL(`${locale}.json`, localesDir);
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!isResourceTree(parsed)) throw new Error(`${file.pathname}: every value must be a string or an object`);
  return parsed;
}

/**
 * `locales/` at the package root: two levels above this module both for `src/render/i18n.ts` (vitest,
 * tsx) and for the shipped build, where it is bundled into `dist/chunks/` (`scripts/build.ts`); three for
 * builds that keep `src/` in their layout (`dist-bench/src/render/i18n.js`, `tsconfig.bench.json`).
 */
export function defaultLocalesDir(): URL {
  const twoUp = new URL('../../locales/', import.meta.url);
  const threeUp = new URL('../../../locales/', import.meta.url);
  const has = (dir: URL) => existsSync(new URL('en.json', dir));
  return has(twoUp) || !has(threeUp) ? twoUp : threeUp;
}

/**
 * One i18next instance of its own (never the global one), initialised synchronously from the locale
 * files. Values are not HTML-escaped: replies are plain text and each front-end escapes for its platform.
 * Values are never themselves interpolated or nested (i18next's `skipOnVariables`), so carrier text that
 * contains `{{x}}` or `$t(...)` comes out as written.
 */
export function createTranslator(options: TranslatorOptions = {}): Translator {
  const resources = Object.fromEntries(
    LOCALES.map((locale) => [locale, { translation: readLocaleFile(locale, options.localesDir) }]),
  );
  const instance: i18n = i18next.createInstance();
  void instance.init({
    initAsync: false,
    resources,
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...LOCALES],
    load: 'currentOnly',
    nsSeparator: false,
    returnNull: false,
    interpolation: { escapeValue: false, skipOnVariables: true },
  });
  const fixed = new Map(LOCALES.map((locale) => [locale, instance.getFixedT(locale)]));

  return {
    t(locale, key, params) {
      const translate = fixed.get(locale) ?? instance.getFixedT('en');
      return params ? translate(key, { ...params }) : translate(key);
    },
    has(locale, key) {
      return instance.exists(key, { lng: locale, fallbackLng: false });
    },
  };
}
