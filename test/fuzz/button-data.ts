import fc from 'fast-check';

/**
 * Button data as a forger sends it (Telegram `callback_data`, Discord `custom_id`): Postie's own
 * format with fields swapped for odd ones (numbers of no format, unknown or prototype-named carriers,
 * languages, commands and expiries that do not exist, extra fields), confirmations whose expiry is just
 * past, just ahead or far off, and arbitrary strings. `nowMs` anchors the expiries near the run's time.
 */
export function buttonData(nowMs: number): fc.Arbitrary<string> {
  const numbers = fc.oneof(
    fc.constantFrom(
      'RB000000014HK',
      'rb000000014hk',
      'EA000001006HK',
      'SF7444700499701',
      'LS912989618CN',
      '1Z12345E0205271686',
      'RB000000010HK',
      'RB00000001HK',
      'ALL',
      'all',
      '',
      '-',
      'RB-000-000-014-HK',
      '42010001123492612999912345678901234564',
      'A'.repeat(40),
      'A'.repeat(41),
      '__proto__',
      'constructor',
      '../../etc/passwd',
      'ＲＢ０００００００１４ＨＫ',
    ),
    fc.stringMatching(/^[A-Za-z0-9-]{1,45}$/),
  );
  const carriers = fc.oneof(
    fc.constantFrom(
      'hongkong-post',
      'sf-express',
      'china-ems',
      'ups',
      'yamato',
      'constructor',
      '__proto__',
      'tostring',
      'hasownproperty',
      'no-such-carrier',
      'Hongkong-Post',
      '',
    ),
    fc.stringMatching(/^[a-z0-9-]{1,41}$/),
  );
  const seconds = Math.floor(nowMs / 1000);
  const expiries = fc.oneof(
    fc.integer({ min: -600, max: 900 }).map((delta) => Math.max(0, seconds + delta).toString(36)),
    fc.constantFrom('0', '1', 'zzzzzzzz', 'zzzzzzzzz', '-1', 'ZZ', '1.5', ' ', 'NaN', 'Infinity', ''),
    fc.stringMatching(/^[0-9a-z]{1,10}$/),
  );
  const field = fc.oneof(
    numbers,
    carriers,
    expiries,
    fc.constantFrom('en', 'zh-HK', 'zh-CN', 'fr', 'forget', 'unsubscribe_all', 'all', 'everything'),
  );
  const ours = fc
    .tuple(
      fc.constantFrom('r', 'a', 's', 'u', 't', 'l', 'c', 'x', 'R', 'z', '', 'constructor', '__proto__'),
      fc.array(field, { minLength: 0, maxLength: 3 }),
    )
    .map(([code, fields]) => [code, ...fields].join(':'));
  const wellFormed = fc.oneof(
    fc.tuple(fc.constantFrom('r', 'a', 's', 't'), numbers, carriers).map(([c, n, k]) => `${c}:${n}:${k}`),
    fc.tuple(fc.constantFrom('r', 'a', 's', 'u'), numbers).map(([c, n]) => `${c}:${n}`),
    fc.constantFrom('en', 'zh-HK', 'zh-CN', 'zh-hk', 'fr', '').map((locale) => `l:${locale}`),
  );
  const confirmations = fc
    .tuple(fc.constantFrom('c', 'x'), fc.constantFrom('forget', 'unsubscribe_all', 'all'), expiries)
    .map(([code, what, expiry]) => `${code}:${what}:${expiry}`);
  return fc.oneof(
    { weight: 3, arbitrary: ours },
    { weight: 3, arbitrary: wellFormed },
    { weight: 3, arbitrary: confirmations },
    { weight: 1, arbitrary: fc.string({ maxLength: 100 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 64 }) },
    { weight: 1, arbitrary: fc.constantFrom(':', '::', ':::', 'r:', 'r::', 'c::', ':'.repeat(100)) },
  );
}
