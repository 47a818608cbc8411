import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/domain/commands.js';
import { LOCALES } from '../../src/domain/locale.js';
import { createRenderer } from '../../src/render/create-renderer.js';
import { MESSAGE_PARAMS } from '../../src/render/messages.js';
import { MESSAGE_KEYS } from '../../src/render/renderer.js';
import { lines, NOW, text, view } from './fixtures.js';

const renderer = createRenderer();

describe('messages', () => {
  it.each(LOCALES)('renders every message key in %s with its parameters filled', (locale) => {
    for (const key of MESSAGE_KEYS) {
      const params = Object.fromEntries(
        MESSAGE_PARAMS[key].map((name) => [name, name === 'count' ? 3 : `<${name}>`]),
      );
      const reply = renderer.message(key, view({ locale }), params);
      expect(reply.blocks.length, key).toBeGreaterThan(0);
      expect(text(reply), key).not.toMatch(/\{\{|messages\./);
      for (const name of MESSAGE_PARAMS[key])
        if (name !== 'count') expect(text(reply), key).toContain(`<${name}>`);
    }
  });

  it('never shows a raw placeholder when a parameter is missing', () => {
    expect(text(renderer.message('subscribed', view()))).toBe(
      "Following . I'll message this chat when something new happens.",
    );
  });

  it('tells the time in the chat zone for time zone messages', () => {
    const reply = renderer.message('timezone_set', view({ timeZone: 'Europe/London', now: NOW }), {
      zone: 'Europe/London',
    });
    expect(text(reply)).toBe("Done. Times are now shown in Europe/London, where it's 09:05 now.");
  });

  it('formats numbers for the language, and lists every command under help', () => {
    expect(text(renderer.message('capped', view(), { max: 20 }))).toContain('the first 20;');
    const help = lines(renderer.message('help', view({ locale: 'zh-HK' })));
    expect(help).toContain('/track — 用追蹤號碼查詢包裹');
    expect(help).toHaveLength(1 + COMMANDS.length);
  });

  it('keeps errors to the person who asked', () => {
    expect(renderer.message('error', view()).private).toBe(true);
    expect(renderer.message('welcome', view()).private).toBeUndefined();
  });
});

describe('subscriptions', () => {
  it('lists each parcel with status symbol, label, last event and how long ago', () => {
    const reply = renderer.subscriptions(
      [
        {
          number: 'RB000000014HK',
          carrier: 'hongkong-post',
          label: 'New phone',
          status: 'in_transit',
          lastEvent: { text: 'Arrived at Hong Kong', time: new Date(NOW - 3 * 3_600_000).toISOString() },
        },
        { number: '1Z999AA10123456784' },
      ],
      view(),
    );
    expect(lines(reply)).toEqual([
      'Parcels this chat follows (2):',
      '🚚 New phone RB000000014HK · Hongkong Post · In transit',
      'Arrived at Hong Kong · 3 hours ago',
      '📦 1Z999AA10123456784',
      'No updates yet',
    ]);
    expect(reply.private).toBe(true);
  });

  it('says when there are none', () => {
    expect(text(renderer.subscriptions([], view({ locale: 'zh-CN' })))).toContain('本聊天还没有跟踪任何包裹');
  });
});

describe('language picker', () => {
  it('names the current language and offers each language by its own name', () => {
    const reply = renderer.languagePicker(view({ locale: 'zh-HK' }));
    expect(lines(reply)[0]).toBe('Postie 在這個對話中使用繁體中文（香港）回覆。');
    expect(reply.buttons).toEqual([
      [
        { label: 'English', action: { kind: 'language', locale: 'en' } },
        { label: '✓ 繁體中文（香港）', action: { kind: 'language', locale: 'zh-HK' } },
        { label: '简体中文', action: { kind: 'language', locale: 'zh-CN' } },
      ],
    ]);
  });
});

describe('command descriptions', () => {
  it.each(LOCALES)('describes every command and option in %s', (locale) => {
    for (const command of COMMANDS) {
      const described = renderer.describeCommand(command.name, locale);
      expect(described.description).not.toContain('commands.');
      expect(Object.keys(described.options)).toEqual(command.options.map((o) => o.name));
      for (const value of Object.values(described.options)) expect(value).not.toContain('commands.');
    }
  });

  it('translates bare labels for front-ends', () => {
    expect(renderer.t('zh-CN', 'buttons.refresh')).toBe('🔄 刷新');
    expect(renderer.t('en', 'buttons.track_as', { carrier: 'UPS' })).toBe('As UPS');
  });
});
