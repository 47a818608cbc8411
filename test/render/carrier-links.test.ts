import { describe, expect, it } from 'vitest';
import { carrierInfo } from '../../src/carriers/catalogue.js';
import { LOCALES } from '../../src/domain/locale.js';
import { CARRIERS_WITH_OWN_PAGE, trackingPageUrl } from '../../src/render/carrier-links.js';

describe('carrier tracking pages', () => {
  it.each(CARRIERS_WITH_OWN_PAGE)(
    '%s is a catalogue carrier with an https page carrying the number',
    (carrier) => {
      expect(carrierInfo(carrier)).toBeDefined();
      for (const locale of LOCALES) {
        const url = trackingPageUrl({ carrier, number: 'AB 12/3?&#', locale });
        expect(url).toMatch(/^https:\/\//);
        expect(url).toContain('AB%2012%2F3%3F%26%23');
        expect(new URL(url ?? '').protocol).toBe('https:');
      }
    },
  );

  it('covers the major carriers', () => {
    const major = [
      'hongkong-post',
      'nz-post',
      'sf-express',
      'ups',
      'fedex',
      'usps',
      'dhl-express',
      'royal-mail',
      'australia-post',
      'canada-post',
      'japan-post',
      'china-post',
      'china-ems',
      'yunexpress',
      'cainiao',
      '4px',
      'yanwen',
      'amazon-logistics',
    ];
    expect(major.filter((c) => !CARRIERS_WITH_OWN_PAGE.includes(c))).toEqual([]);
  });

  it('opens the page in the reader language where the carrier has one', () => {
    expect(trackingPageUrl({ carrier: 'hongkong-post', number: 'RB1HK', locale: 'zh-HK' })).toContain('/tc/');
    expect(trackingPageUrl({ carrier: 'hongkong-post', number: 'RB1HK', locale: 'zh-CN' })).toContain('/sc/');
    expect(trackingPageUrl({ carrier: 'sf-express', number: 'SF1', locale: 'zh-CN' })).toBe(
      'https://www.sf-express.com/chn/sc/waybill/waybill-detail/SF1',
    );
  });

  it('falls back to TrackingMore for carriers it covers, and to nothing otherwise', () => {
    expect(trackingPageUrl({ carrier: 'gls', number: '123', locale: 'en' })).toBe(
      'https://www.trackingmore.com/track/en/123?express=gls',
    );
    expect(
      trackingPageUrl({ carrier: 'some-courier', number: '1', locale: 'en', adapter: 'trackingmore' }),
    ).toBe('https://www.trackingmore.com/track/en/1?express=some-courier');
    expect(trackingPageUrl({ carrier: 'some-courier', number: '1', locale: 'en' })).toBeUndefined();
    expect(
      trackingPageUrl({ carrier: 'unknown', number: '1', locale: 'en', adapter: 'trackingmore' }),
    ).toBeUndefined();
    expect(trackingPageUrl({ carrier: null, number: '1', locale: 'en' })).toBeUndefined();
  });
});
