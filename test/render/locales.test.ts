import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DESTRUCTIVE } from '../../src/domain/action.js';
import { CARRIER_ERROR_CODES } from '../../src/domain/carrier-error.js';
import { COMMANDS } from '../../src/domain/commands.js';
import { LOCALES } from '../../src/domain/locale.js';
import type { NotFoundReason } from '../../src/domain/outcome.js';
import { SHIPMENT_STATUSES } from '../../src/domain/shipment.js';
import { type ResourceTree, readLocaleFile } from '../../src/render/i18n.js';
import { MESSAGE_PARAMS } from '../../src/render/messages.js';
import { MESSAGE_KEYS } from '../../src/render/renderer.js';
import { PROGRESS_STEPS } from '../../src/render/status-line.js';

/** Every reason, checked by the compiler: a new reason fails to compile here until it is listed. */
const NOT_FOUND_REASONS = Object.keys({
  no_record: true,
  expired: true,
  not_allowed: true,
} satisfies Record<NotFoundReason, true>);

function flatten(tree: ResourceTree, prefix = ''): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') entries.set(path, value);
    else for (const [k, v] of flatten(value, path)) entries.set(k, v);
  }
  return entries;
}

const tables = new Map(LOCALES.map((locale) => [locale, flatten(readLocaleFile(locale))]));
const table = (locale: (typeof LOCALES)[number]) => tables.get(locale) ?? new Map<string, string>();
const english = table('en');
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g)].map((m) => m[1]).sort();

/** Keys every locale must have, from the code's own tables. */
const REQUIRED_KEYS = [
  ...SHIPMENT_STATUSES.map((s) => `statuses.${s}`),
  ...CARRIER_ERROR_CODES.map((c) => `errors.${c}`),
  ...['minute', 'day'].flatMap((period) => [`fair_share.${period}_one`, `fair_share.${period}_other`]),
  ...DESTRUCTIVE.flatMap((what) => [
    `confirm.${what}_one`,
    `confirm.${what}_other`,
    `buttons.confirm_${what}`,
  ]),
  'confirm.forget_zero',
  ...MESSAGE_KEYS.map((k) => `messages.${k}`),
  ...NOT_FOUND_REASONS.map((r) => `not_found.${r}`),
  ...PROGRESS_STEPS.map((s) => `progress.${s}`),
  ...LOCALES.map((l) => `languages.${l}`),
  ...COMMANDS.flatMap((c) => [
    `commands.${c.name}.description`,
    ...c.options.map((o) => `commands.${c.name}.options.${o.name}`),
    ...c.options.flatMap((o) => (o.choices ?? []).map((choice) => choice.label)),
  ]),
];

describe('locale files', () => {
  it('exist for every locale and no other', () => {
    const files = readdirSync(join(import.meta.dirname, '..', '..', 'locales')).filter((f) =>
      f.endsWith('.json'),
    );
    expect(files.sort()).toEqual(LOCALES.map((l) => `${l}.json`).sort());
  });

  it.each(LOCALES)('%s has every key the others have, and no other', (locale) => {
    const own = new Set(table(locale).keys());
    const all = new Set([...tables.values()].flatMap((t) => [...t.keys()]));
    expect([...all].filter((k) => !own.has(k))).toEqual([]);
  });

  it.each(LOCALES)(
    '%s has a text for every status, error code, message, reason, step, language and command',
    (locale) => {
      const own = table(locale);
      expect(REQUIRED_KEYS.filter((key) => !own.has(key))).toEqual([]);
    },
  );

  it.each(LOCALES)('%s has no empty texts and no nesting', (locale) => {
    const bad = [...table(locale)].filter(([, text]) => text.trim() === '' || text.includes('$t('));
    expect(bad).toEqual([]);
  });

  it.each(LOCALES.filter((l) => l !== 'en'))(
    '%s uses the same placeholders as English for every key',
    (locale) => {
      const own = table(locale);
      const mismatches = [...english]
        .filter(
          ([key, text]) =>
            own.has(key) && placeholders(own.get(key) ?? '').join() !== placeholders(text).join(),
        )
        .map(([key]) => key);
      expect(mismatches).toEqual([]);
    },
  );

  it('gives every English count followed by its noun a singular and a plural (i18next plural keys)', () => {
    const counted = [...english]
      .filter(([, text]) => /\{\{count\}\} [a-z]/.test(text))
      .map(([key]) => key.replace(/_(?:zero|one|other)$/, ''));
    const unsplit = counted.filter((key) => !english.has(`${key}_one`) || !english.has(`${key}_other`));
    expect(counted.length).toBeGreaterThan(0);
    expect(unsplit).toEqual([]);
  });

  it('gives each message exactly the parameters the renderer fills', () => {
    const mismatches = MESSAGE_KEYS.filter(
      (key) =>
        placeholders(english.get(`messages.${key}`) ?? '').join() !== [...MESSAGE_PARAMS[key]].sort().join(),
    );
    expect(mismatches).toEqual([]);
  });

  it.each(LOCALES)('%s command texts fit Telegram menus and Discord commands', (locale) => {
    const own = table(locale);
    for (const command of COMMANDS) {
      const description = own.get(`commands.${command.name}.description`) ?? '';
      // Telegram BotCommand.description: 1–256 characters, and the menu needs at least 3
      // (https://core.telegram.org/bots/api#botcommand); Discord: 1–100 (application commands).
      expect([...description].length, command.name).toBeGreaterThanOrEqual(3);
      expect([...description].length, command.name).toBeLessThanOrEqual(100);
      for (const option of command.options) {
        const text = own.get(`commands.${command.name}.options.${option.name}`) ?? '';
        expect([...text].length, `${command.name}.${option.name}`).toBeGreaterThanOrEqual(1);
        expect([...text].length, `${command.name}.${option.name}`).toBeLessThanOrEqual(100);
      }
    }
  });

  it('has every key the renderer asks for by name', () => {
    const dir = join(import.meta.dirname, '..', '..', 'src', 'render');
    const sources = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
    const literal = sources.flatMap((s) =>
      [...s.matchAll(/\bt\('([a-z_]+(?:\.[a-z_-]+)+)'/g)].map((m) => m[1]),
    );
    expect(literal.length).toBeGreaterThan(20);
    // A counted text is there in its plural forms (`notifications.more_one`, `…_other`).
    const known = (key: string) => english.has(key) || english.has(`${key}_other`);
    expect(literal.filter((key) => key !== undefined && !known(key))).toEqual([]);
  });
});
