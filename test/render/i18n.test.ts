import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTranslator, defaultLocalesDir } from '../../src/render/i18n.js';

describe('translator', () => {
  it('reads the locale files at the package root', () => {
    expect(defaultLocalesDir().href).toBe(
      pathToFileURL(join(import.meta.dirname, '..', '..', 'locales/')).href,
    );
  });

  it('interpolates without escaping, and never interprets the values', () => {
    const translator = createTranslator();
    expect(
      translator.t('en', 'buttons.track_as', { carrier: '<b>&amp;</b> {{carrier}} $t(buttons.refresh)' }),
    ).toBe('As <b>&amp;</b> {{carrier}} $t(buttons.refresh)');
  });

  it('falls back to English for a key a language lacks, and says which it has', () => {
    const dir = mkdtempSync(join(tmpdir(), 'postie-locales-'));
    writeFileSync(join(dir, 'en.json'), JSON.stringify({ a: 'English A', b: 'English B' }));
    writeFileSync(join(dir, 'zh-HK.json'), JSON.stringify({ a: '中文 A' }));
    writeFileSync(join(dir, 'zh-CN.json'), JSON.stringify({}));
    const translator = createTranslator({ localesDir: pathToFileURL(`${dir}/`) });
    expect(translator.t('zh-HK', 'a')).toBe('中文 A');
    expect(translator.t('zh-HK', 'b')).toBe('English B');
    expect(translator.has('zh-HK', 'b')).toBe(false);
    expect(translator.has('zh-HK', 'a')).toBe(true);
  });

  it('refuses a locale file that is not nested strings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'postie-locales-'));
    for (const name of ['en', 'zh-HK', 'zh-CN'])
      writeFileSync(join(dir, `${name}.json`), JSON.stringify({ a: [1] }));
    expect(() => createTranslator({ localesDir: pathToFileURL(`${dir}/`) })).toThrow(/string or an object/);
  });
});
