import { describe, expect, it } from 'vitest';
import { createRenderer } from '../../src/render/create-renderer.js';
import { buttonLabels, event, found, lines, NOW, text, view } from './fixtures.js';

const renderer = createRenderer();
const hours = (n: number) => n * 3_600_000;
/** Events `n` hours apart, newest first, the newest at NOW. */
const events = (count: number) =>
  Array.from({ length: count }, (_, i) =>
    event({ time: new Date(NOW - hours(i * 5)).toISOString(), description: { text: `Scan ${i}` } }),
  );

describe('timeline', () => {
  it('shows times in the chat zone, with a London event also on London time', () => {
    const reply = renderer.tracking(
      found({
        events: [
          event({
            time: '2024-11-24T06:05:00+00:00',
            timeZone: 'Europe/London',
            location: { text: 'Heathrow' },
            description: { text: 'Departed from facility' },
          }),
          event({
            time: '2024-11-22T14:05:00+08:00',
            timeZone: 'Asia/Hong_Kong',
            description: { text: 'Posted' },
          }),
        ],
      }),
      view({ now: Date.parse('2024-11-24T09:05:00Z') }),
    );
    const all = lines(reply);
    expect(all).toContain('24 Nov, 14:05 (London 06:05) · Heathrow · Departed from facility · 3 hours ago');
    // Same offset as the chat: no second clock; older than a day: no "ago".
    expect(all).toContain('22 Nov, 14:05 · Posted');
  });

  it('names the place by its zone in Chinese', () => {
    const reply = renderer.tracking(
      found({ events: [event({ time: '2024-11-24T06:05:00+00:00', timeZone: 'Europe/London' })] }),
      view({ locale: 'zh-HK' }),
    );
    expect(text(reply)).toContain('11月24日 14:05（英國時間 06:05）');
  });

  it('uses the UTC offset when the event has no zone', () => {
    const reply = renderer.tracking(
      found({ events: [event({ time: '2024-11-24T11:35:00+05:30' })] }),
      view(),
    );
    expect(text(reply)).toContain('24 Nov, 14:05 (UTC+5:30 11:35)');
  });

  it('heads the answer with carrier, linked number, status symbol and progress', () => {
    const reply = renderer.tracking(found({ status: 'out_for_delivery' }), view());
    expect(reply.blocks[0]).toEqual({
      kind: 'heading',
      spans: [
        { text: 'Hongkong Post', style: 'bold' },
        { text: ' ' },
        {
          text: 'RB000000014HK',
          style: 'code',
          href: 'https://webapp.hongkongpost.hk/en/mail_tracking/index.html?trackcode=RB000000014HK',
        },
      ],
    });
    const all = lines(reply);
    expect(all[1]).toMatch(/^🛵 Out for delivery · updated /);
    expect(all).toContain('●━━●━━●━━○');
    expect(all).toContain('Posted → In transit → Out for delivery → Delivered');
  });

  it('shows the last 5 events with Show all when some were hidden', () => {
    const reply = renderer.tracking(found({ events: events(8) }), view());
    expect(reply.blocks.filter((b) => b.kind === 'event')).toHaveLength(5);
    expect(text(reply)).toContain('Latest 5 of 8 updates');
    expect(buttonLabels(reply)).toContain('📜 Show all 8');
    const action = reply.buttons?.flat().find((b) => b.action.kind === 'show_all')?.action;
    expect(action).toEqual({ kind: 'show_all', number: 'RB000000014HK', carrier: 'hongkong-post' });
  });

  it('shows every event and no Show all with showAll, or when nothing was hidden', () => {
    const all = renderer.tracking(found({ events: events(8) }), view({ showAll: true }));
    expect(all.blocks.filter((b) => b.kind === 'event')).toHaveLength(8);
    expect((all.buttons ?? []).flat().some((b) => b.action.kind === 'show_all')).toBe(false);
    const few = renderer.tracking(found({ events: events(5) }), view());
    expect((few.buttons ?? []).flat().some((b) => b.action.kind === 'show_all')).toBe(false);
    expect(text(few)).not.toContain('Latest');
  });

  it('shows route, service, both legs and a delivery window', () => {
    const reply = renderer.tracking(
      found(
        {
          carrier: 'china-post',
          adapter: 'trackingmore',
          origin: { text: 'China' },
          destination: { text: 'United States' },
          service: 'ePacket',
          estimatedDelivery: { from: '2024-11-26T09:00:00-05:00', to: '2024-11-26T13:00:00-05:00' },
          legs: [
            { role: 'origin', carrier: 'china-post', events: [] },
            { role: 'destination', carrier: 'usps', events: [] },
          ],
        },
        { carrier: 'china-post', adapter: 'trackingmore' },
      ),
      view({ timeZone: 'America/New_York' }),
    );
    const all = lines(reply);
    expect(all).toContain('📍 China → United States · Service: ePacket');
    expect(all).toContain('Sent with China Post, delivered by USPS');
    expect(all).toContain('Expected Tue 26 Nov 09:00–13:00');
  });

  it('reads a date-only estimate on the carrier calendar', () => {
    const reply = renderer.tracking(
      found({ estimatedDelivery: { from: '2024-11-26T00:00:00+13:00' } }),
      view({ timeZone: 'Europe/London' }),
    );
    expect(lines(reply)).toContain('Expected Tue 26 Nov');
  });

  it('says so when the carrier has no events yet', () => {
    const reply = renderer.tracking(found({ status: 'info_received', events: [] }), view());
    expect(lines(reply)).toContain('No updates from the carrier yet.');
    expect(lines(reply)).toContain('○━━○━━○━━○');
  });

  it('picks carrier text in the chat language from byLocale, else as written', () => {
    const shipment = {
      events: [
        event({
          location: { text: 'HONG KONG', byLocale: { en: 'HONG KONG', 'zh-HK': '香港', 'zh-CN': '香港' } },
          description: {
            text: 'Item posted',
            byLocale: { en: 'Item posted', 'zh-HK': '郵件已寄出', 'zh-CN': '邮件已寄出' },
          },
        }),
        event({ description: { text: 'Arrived', byLocale: { en: 'Arrived' } } }),
      ],
    };
    expect(text(renderer.tracking(found(shipment), view({ locale: 'zh-HK' })))).toContain(
      '香港 · 郵件已寄出',
    );
    expect(text(renderer.tracking(found(shipment), view({ locale: 'zh-CN' })))).toContain(
      '香港 · 邮件已寄出',
    );
    expect(text(renderer.tracking(found(shipment), view({ locale: 'zh-CN' })))).toContain('Arrived');
    expect(text(renderer.tracking(found(shipment), view({ locale: 'en' })))).toContain(
      'Hong Kong · Item posted',
    );
  });

  it('keeps signer names out of group chats only', () => {
    const shipment = {
      status: 'delivered' as const,
      events: [event({ status: 'delivered', description: { text: 'Delivered. Signed for by: J SMITH' } })],
    };
    expect(text(renderer.tracking(found(shipment), view({ chatKind: 'group' })))).toContain(
      'Signed for by: …',
    );
    expect(text(renderer.tracking(found(shipment), view({ chatKind: 'group' })))).not.toContain('SMITH');
    expect(text(renderer.tracking(found(shipment), view()))).toContain('J SMITH');
    const office = {
      events: [event({ description: { text: 'Received by the delivery office. Signature required' } })],
    };
    expect(text(renderer.tracking(found(office), view({ chatKind: 'group' })))).toContain(
      'Received by the delivery office. Signature required',
    );
    const chinese = { events: [event({ description: { text: '已签收，签收人：张三' } })] };
    expect(text(renderer.tracking(found(chinese), view({ chatKind: 'group' })))).toContain('签收人：…');
  });

  it('links other carriers to their own pages and the rest to TrackingMore', () => {
    const reply = renderer.tracking(
      found({ carrier: 'evri', adapter: 'trackingmore' }, { carrier: 'evri', adapter: 'trackingmore' }),
      view(),
    );
    expect(reply.blocks[0]?.spans.at(-1)?.href).toBe(
      'https://www.trackingmore.com/track/en/RB000000014HK?express=hermes-uk',
    );
  });
});
