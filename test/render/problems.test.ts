import { describe, expect, it } from 'vitest';
import { CARRIER_ERROR_CODES, CarrierError } from '../../src/carriers/carrier-error.js';
import { LOCALES } from '../../src/domain/locale.js';
import type { NotFoundReason } from '../../src/domain/outcome.js';
import { createRenderer } from '../../src/render/create-renderer.js';
import { createTranslator } from '../../src/render/i18n.js';
import { candidate, failed, lines, result, text, view } from './fixtures.js';

const renderer = createRenderer();
const translator = createTranslator();
const REASONS: readonly NotFoundReason[] = ['no_record', 'expired', 'not_allowed'];

describe('not found', () => {
  it.each(REASONS)('explains %s and offers to subscribe', (reason) => {
    const reply = renderer.tracking(result({ kind: 'not_found', reason }), view());
    const expected = translator.t('en', `not_found.${reason}`, { carrier: 'Hongkong Post' });
    expect(lines(reply)).toContain(expected);
    expect(reply.buttons?.flat().map((b) => b.action)).toContainEqual({
      kind: 'subscribe',
      number: 'RB000000014HK',
      carrier: 'hongkong-post',
    });
  });

  it('says a printed label is the usual cause of no record, and that subscribing will tell', () => {
    const reply = renderer.tracking(result({ kind: 'not_found', reason: 'no_record' }), view());
    expect(text(reply)).toContain('label has been printed');
    expect(text(reply)).toContain("Subscribe and I'll let you know");
  });

  it('offers Unsubscribe instead when the chat already follows the number', () => {
    const reply = renderer.tracking(
      result({ kind: 'not_found', reason: 'no_record' }),
      view({ subscribed: true }),
    );
    const kinds = reply.buttons?.flat().map((b) => b.action.kind);
    expect(kinds).toContain('unsubscribe');
    expect(kinds).not.toContain('subscribe');
    expect(text(reply)).not.toContain("Subscribe and I'll let you know");
  });
});

describe('failed', () => {
  it.each(CARRIER_ERROR_CODES)('renders %s in every language without the internal message', (code) => {
    for (const locale of LOCALES) {
      const reply = renderer.tracking(failed(code), view({ locale }));
      expect(lines(reply)).toContain(translator.t(locale, `errors.${code}`));
      expect(text(reply)).not.toMatch(/secret|token|abc123|internal|upstream|500/);
    }
  });

  it.each([
    [30_000, 'Please try again in 30 seconds.'],
    [90_000, 'Please try again in 2 minutes.'],
    [5 * 3_600_000, 'Please try again in 5 hours.'],
  ])('says when to try again after %i ms', (ms, expected) => {
    expect(lines(renderer.tracking(failed('rate_limited', ms), view()))).toContain(expected);
  });

  it('says when to try again in Chinese', () => {
    expect(text(renderer.tracking(failed('busy', 120_000), view({ locale: 'zh-HK' })))).toContain(
      '請在2 分鐘後再試。',
    );
    expect(text(renderer.tracking(failed('busy', 45_000), view({ locale: 'zh-CN' })))).toContain(
      '请在45秒钟后重试。',
    );
  });

  it('offers Refresh for a transient failure, but not for a number the carrier refused', () => {
    const kinds = (code: (typeof CARRIER_ERROR_CODES)[number]) =>
      (renderer.tracking(failed(code), view()).buttons ?? []).flat().map((b) => b.action.kind);
    expect(kinds('unavailable')).toContain('refresh');
    expect(kinds('invalid_number')).not.toContain('refresh');
    expect(text(renderer.tracking(failed('invalid_number'), view()))).not.toContain('try again');
  });

  it('explains that no configured carrier serves the number, without the internal reason', () => {
    const error = new CarrierError('postie', 'unavailable', 'no configured adapter serves ups');
    const reply = renderer.tracking(
      result(
        { kind: 'failed', error },
        { carrier: 'ups', adapter: null, candidates: [candidate('ups', null)] },
      ),
      view(),
    );
    expect(lines(reply)).toContain(
      'None of the tracking services Postie is set up to use can look up UPS numbers.',
    );
    expect(text(reply)).not.toContain('adapter');
    expect(reply.buttons).toBeUndefined();
  });

  it('explains an unknown format', () => {
    const error = new CarrierError('postie', 'unavailable', 'no carrier uses this number format');
    const reply = renderer.tracking(
      result({ kind: 'failed', error }, { carrier: null, adapter: null, candidates: [] }),
      view({ locale: 'zh-CN' }),
    );
    expect(lines(reply)[0]).toBe('未知承运商 RB000000014HK');
    expect(text(reply)).toContain('Postie 无法识别这个单号的格式');
  });
});
