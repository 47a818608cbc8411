import { describe, expect, it } from 'vitest';
import { CARRIER_ERROR_CODES, CarrierError } from '../../src/domain/carrier-error.js';
import { LOCALES } from '../../src/domain/locale.js';
import type { NotFoundReason } from '../../src/domain/outcome.js';
import { createRenderer } from '../../src/render/create-renderer.js';
import { createTranslator } from '../../src/render/i18n.js';
import { candidate, failed, found, lines, result, text, view } from './fixtures.js';

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

describe('an answer from the fallback', () => {
  it('says the direct carrier failed and whose answer it is instead', () => {
    const fallbackFrom = {
      adapter: 'hongkong-post' as const,
      error: new CarrierError('hongkong-post', 'timeout', 'x'),
    };
    const reply = renderer.tracking(found({}, { adapter: 'trackingmore', fallbackFrom }), view());
    expect(lines(reply)).toContain(
      "Postie couldn't get an answer from Hongkong Post just now, so this one comes from TrackingMore.",
    );
    expect(text(renderer.tracking(found({}, { adapter: 'trackingmore' }), view()))).not.toContain(
      "couldn't get an answer",
    );
  });
});

describe('failed', () => {
  it.each(CARRIER_ERROR_CODES)('renders %s in every language without the internal message', (code) => {
    for (const locale of LOCALES) {
      const reply = renderer.tracking(failed(code), view({ locale }));
      const service = translator.t(locale, 'services.hongkong-post');
      expect(lines(reply)).toContain(translator.t(locale, `errors.${code}`, { service }));
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

  it('says which tracking service failed, in the reader’s language', () => {
    expect(lines(renderer.tracking(failed('unavailable'), view()))).toContain(
      "Hongkong Post isn't answering right now.",
    );
    expect(text(renderer.tracking(failed('timeout'), view({ locale: 'zh-HK' })))).toContain(
      '香港郵政太久沒有回應',
    );
    const busy = renderer.tracking(
      result({
        kind: 'failed',
        error: new CarrierError('trackingmore', 'busy', 'x', { retryAfterMs: 120_000 }),
      }),
      view(),
    );
    expect(text(busy)).toContain('TrackingMore is busy');
    expect(text(busy)).toContain('Please try again in 2 minutes.');
  });

  it('tells a chat that follows the number that Postie keeps trying, instead of asking it to', () => {
    for (const code of ['unavailable', 'timeout', 'bad_response', 'rate_limited'] as const) {
      const reply = renderer.tracking(failed(code, 60_000), view({ subscribed: true }));
      expect(text(reply)).toContain("I'll keep trying");
      expect(text(reply)).not.toContain('try again');
    }
    expect(text(renderer.tracking(failed('invalid_number'), view({ subscribed: true })))).not.toContain(
      "I'll keep trying",
    );
  });

  it('never reads a failure as "not found"', () => {
    for (const code of CARRIER_ERROR_CODES) {
      for (const subscribed of [false, true]) {
        const reply = text(renderer.tracking(failed(code), view({ subscribed })));
        expect(reply).not.toContain(translator.t('en', 'not_found.title'));
        expect(reply).not.toContain('no record');
      }
    }
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
