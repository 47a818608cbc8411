import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localeForLanguage } from '../../src/core/chat-locale.js';
import type { Action } from '../../src/domain/action.js';
import { decodeAction, encodeAction, fitsInButton, MAX_ACTION_BYTES } from '../../src/render/action-codec.js';

describe('button actions', () => {
  it.each<Action>([
    { kind: 'refresh', number: 'RB000000014HK', carrier: 'hongkong-post' },
    { kind: 'refresh', number: 'RB000000014HK' },
    { kind: 'show_all', number: '1Z12345E0205271686', carrier: 'ups' },
    { kind: 'subscribe', number: 'SF7444700499701', carrier: 'sf-express' },
    { kind: 'unsubscribe', number: 'SF7444700499701' },
    { kind: 'keep_following', number: 'RR000007009HK' },
    { kind: 'track_as', number: '123456789012', carrier: 'yamato' },
    { kind: 'language', locale: 'zh-HK' },
    { kind: 'confirm', what: 'forget', expiresAt: 1_767_225_900_000 },
    { kind: 'confirm', what: 'unsubscribe_all', expiresAt: 1_767_225_900_000 },
    { kind: 'cancel', what: 'unsubscribe_all' },
  ])('survive a round trip: %o', (action) => {
    const data = encodeAction(action);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(MAX_ACTION_BYTES);
    expect(decodeAction(data)).toEqual(action);
  });

  it('drop a carrier that would not fit, and say when a track_as button cannot be offered', () => {
    const number = '42010001123492612999912345678901234564';
    const long = { kind: 'refresh', number, carrier: 'antigua-and-barbuda-post' } as const;
    expect(decodeAction(encodeAction(long))).toEqual({ kind: 'refresh', number });
    expect(fitsInButton({ kind: 'track_as', number, carrier: 'antigua-and-barbuda-post' })).toBe(false);
  });

  it('refuse forged or unknown data', () => {
    for (const data of [
      '',
      'x:1',
      'r:',
      'r:../../etc',
      'l:fr',
      't:123',
      'r:RB000000014HK:a:b',
      'k:',
      'k:../x',
    ]) {
      expect(decodeAction(data)).toBeUndefined();
    }
    expect(decodeAction('r:RB000000014HK:Bad Carrier')).toEqual({ kind: 'refresh', number: 'RB000000014HK' });
  });

  it('refuse a number that fits no known format, whatever its length', () => {
    const forged = 'A'.repeat(40);
    for (const code of ['r', 'a', 's', 't']) {
      expect(decodeAction(`${code}:${forged}:hongkong-post`)).toBeUndefined();
      expect(decodeAction(`${code}:${forged}`)).toBeUndefined();
    }
    expect(decodeAction('r:ZZ12')).toBeUndefined();
    // A followed number is only stopped, never looked up: any number the chat could follow will do.
    expect(decodeAction(`u:${forged}`)).toEqual({ kind: 'unsubscribe', number: forged });
  });

  it('accept only carriers Postie knows, and never read them off Object.prototype', () => {
    for (const carrier of ['constructor', 'tostring', 'hasownproperty', 'no-such-carrier']) {
      expect(decodeAction(`r:RB000000014HK:${carrier}`)).toEqual({
        kind: 'refresh',
        number: 'RB000000014HK',
      });
      expect(decodeAction(`t:RB000000014HK:${carrier}`)).toBeUndefined();
    }
    for (const code of ['constructor', '__proto__', 'toString', 'valueOf']) {
      expect(decodeAction(`${code}:RB000000014HK`)).toBeUndefined();
    }
  });

  it('carry a confirmation as the command and its expiry in Unix seconds, and refuse any other', () => {
    expect(encodeAction({ kind: 'confirm', what: 'forget', expiresAt: 1_767_225_900_000 })).toBe(
      `c:forget:${(1_767_225_900).toString(36)}`,
    );
    expect(decodeAction('c:forget:0')).toEqual({ kind: 'confirm', what: 'forget', expiresAt: 0 });
    expect(decodeAction('c:forget:zzzzzzzz')).toEqual({
      kind: 'confirm',
      what: 'forget',
      expiresAt: 2_821_109_907_455_000,
    });
    for (const data of [
      'c:forget',
      'c:forget:',
      'c:forget:-1',
      'c:forget:1.5',
      'c:forget:ZZ',
      'c:forget:zzzzzzzzz',
      'c:everything:abc',
      'c:constructor:abc',
      'c:__proto__:abc',
      'c:unsubscribe:abc',
      'x:all',
      'x:toString',
    ]) {
      expect(decodeAction(data), data).toBeUndefined();
    }
  });

  it('read back numbers in their normalized form', () => {
    expect(decodeAction('r:rb000000014hk')).toEqual({ kind: 'refresh', number: 'RB000000014HK' });
  });

  it('never throw on any data', () => {
    fc.assert(fc.property(fc.string({ maxLength: 100 }), (data) => void decodeAction(data)));
  });
});

describe('chat language from the platform', () => {
  it.each([
    ['en', 'en'],
    ['en-US', 'en'],
    ['zh-hk', 'zh-HK'],
    ['zh-hant', 'zh-HK'],
    ['zh-TW', 'zh-HK'],
    ['zh-hans', 'zh-CN'],
    ['zh-CN', 'zh-CN'],
    ['zh', 'zh-HK'],
    ['fr', undefined],
    [undefined, undefined],
  ])('%s → %s', (code, locale) => {
    expect(localeForLanguage(code)).toBe(locale);
  });
});
