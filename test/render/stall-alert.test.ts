import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/domain/locale.js';
import { createRenderer } from '../../src/render/create-renderer.js';
import type { NotificationItem } from '../../src/render/renderer.js';
import { buttonLabels, event, lines, NOW, text, view } from './fixtures.js';

const renderer = createRenderer();
const DAY = 86_400_000;

/** A parcel quiet for 8½ days, whose last event was in New York. */
const stalled = (overrides: Partial<NotificationItem> = {}): NotificationItem => ({
  number: 'RR000007009HK',
  kind: 'stalled',
  status: 'in_transit',
  events: [],
  lastEvent: event({
    time: '2024-11-15T09:05:00-05:00',
    timeZone: 'America/New_York',
    location: { text: 'UNITED STATES OF AMERICA' },
    description: { text: 'Arrived and is being processed.' },
  }),
  quietSince: NOW - 8.5 * DAY,
  carrier: 'hongkong-post',
  ...overrides,
});

describe('a stall alert', () => {
  it.each<[Locale, string, string, readonly string[]]>([
    ['en', 'No news for 8 days', 'Ask the sender', ['🔔 Keep following', '🔕 Stop']],
    ['zh-HK', '已8 日沒有新消息', '問問寄件人', ['🔔 繼續追蹤', '🔕 停止']],
    ['zh-CN', '已8天没有新消息', '问问寄件人', ['🔔 继续跟踪', '🔕 停止']],
  ])('says in %s how long it has been, the last event and what to do', (locale, quiet, sender, buttons) => {
    const reply = renderer.notification([stalled()], view({ locale }));
    expect(text(reply)).toContain(quiet);
    expect(text(reply)).toContain(sender);
    expect(text(reply)).toContain('https://www.hongkongpost.hk/en/faq_support/mail_tracing/q3/index.html');
    expect(buttonLabels(reply)).toEqual(buttons);
  });

  it('tells the last event’s time in the chat’s time zone', () => {
    const hongKong = lines(renderer.notification([stalled()], view({ timeZone: 'Asia/Hong_Kong' })));
    const london = lines(renderer.notification([stalled()], view({ timeZone: 'Europe/London' })));
    // 15 Nov 09:05 in New York is 22:05 in Hong Kong and 14:05 in London.
    expect(hongKong.find((l) => l.includes('Arrived'))).toContain('22:05');
    expect(london.find((l) => l.includes('Arrived'))).toContain('14:05');
    expect(hongKong.find((l) => l.includes('Arrived'))).toContain('United States');
  });

  it('links a carrier without an enquiry page to its tracking page, and names none when unknown', () => {
    const ups = text(
      renderer.notification([stalled({ number: '1Z12345E0205271686', carrier: 'ups' })], view()),
    );
    expect(ups).toContain('Ask UPS: https://www.ups.com/track?tracknum=1Z12345E0205271686');
    const { carrier: _none, ...unknown } = stalled();
    const plain = text(renderer.notification([unknown], view()));
    expect(plain).toContain('Ask the carrier, with the tracking number.');
  });

  it('counts hours below two days: out for delivery a day and a half ago', () => {
    const reply = renderer.notification(
      [stalled({ status: 'out_for_delivery', quietSince: NOW - 36 * 3_600_000 })],
      view(),
    );
    expect(text(reply)).toContain('No news for 36 hours');
  });
});
