import { describe, expect, it } from 'vitest';
import { createRenderer } from '../../src/render/create-renderer.js';
import { event, found, lines, text, view } from './fixtures.js';

const renderer = createRenderer();

describe('days, local clocks and place names as people read them', () => {
  it('says "2 days ago", not "yesterday", of an event two calendar days back in the chat’s zone', () => {
    // 4 Dec 21:37 in Hong Kong, read on 6 Dec 10:37 there: 37 hours, but two days ago.
    const reply = renderer.tracking(
      found({ status: 'delivered', events: [event({ time: '2026-12-04T21:37:00+08:00' })] }),
      view({ now: Date.parse('2026-12-06T10:37:00+08:00') }),
    );
    expect(lines(reply)[1]).toBe('✅ Delivered · updated 2 days ago');
  });

  it('says "yesterday" of an event on the day before in the chat’s zone, even 40 hours back', () => {
    const reply = renderer.tracking(
      found({ status: 'delivered', events: [event({ time: '2026-12-05T00:30:00+08:00' })] }),
      view({ now: Date.parse('2026-12-06T16:30:00+08:00') }),
    );
    expect(lines(reply)[1]).toBe('✅ Delivered · updated yesterday');
  });

  it('counts calendar days in the chat’s zone, not in UTC', () => {
    // 23:00 on 5 Dec in Auckland (10:00 UTC), read at 01:00 on 7 Dec there (12:00 UTC on 6 Dec): 26
    // hours, the day before in UTC, but two days back in Auckland.
    const reply = renderer.tracking(
      found({ status: 'in_transit', events: [event({ time: '2026-12-05T10:00:00Z' })] }),
      view({ timeZone: 'Pacific/Auckland', now: Date.parse('2026-12-06T12:00:00Z') }),
    );
    expect(lines(reply)[1]).toBe('🚚 In transit · updated 2 days ago');
  });

  it('gives the place’s own date with its clock when the place is on another day', () => {
    const reply = renderer.tracking(
      found({ events: [event({ time: '2026-12-06T00:35:00+08:00', timeZone: 'Asia/Hong_Kong' })] }),
      view({ timeZone: 'Europe/London', now: Date.parse('2026-12-06T12:00:00Z') }),
    );
    expect(lines(reply)).toContain('5 Dec, 16:35 (Hong Kong 6 Dec, 00:35) · Item processed · 19 hours ago');
  });

  it('gives the place’s clock alone when the place is on the same day', () => {
    const reply = renderer.tracking(
      found({ events: [event({ time: '2026-12-06T14:35:00+08:00', timeZone: 'Asia/Hong_Kong' })] }),
      view({ timeZone: 'Europe/London', now: Date.parse('2026-12-06T12:00:00Z') }),
    );
    expect(lines(reply)).toContain('6 Dec, 06:35 (Hong Kong 14:35) · Item processed · 5 hours ago');
  });

  it('gives the date in Chinese too when the place is on another day', () => {
    const reply = renderer.tracking(
      found({ events: [event({ time: '2026-12-06T00:35:00+08:00', timeZone: 'Asia/Hong_Kong' })] }),
      view({ locale: 'zh-HK', timeZone: 'Europe/London', now: Date.parse('2026-12-06T12:00:00Z') }),
    );
    expect(text(reply)).toContain('12月5日 16:35（香港時間 12月6日 00:35）');
  });

  it('spells a place one way: a carrier’s capitals read as a name, abbreviations kept', () => {
    const reply = renderer.tracking(
      found({
        origin: { text: 'HONG KONG' },
        destination: { text: 'Hong Kong' },
        events: [
          event({ location: { text: 'HONG KONG SAR' } }),
          event({ location: { text: 'UNITED STATES OF AMERICA' } }),
          event({ location: { text: 'NEW YORK NY USA' } }),
          event({ location: { text: 'Heathrow' } }),
          event({ location: { text: '深圳市' } }),
        ],
      }),
      view({ now: Date.parse('2024-11-26T09:05:00Z') }),
    );
    const all = lines(reply);
    expect(all).toContain('📍 Hong Kong → Hong Kong');
    expect(all.some((l) => l.includes(' · Hong Kong SAR · '))).toBe(true);
    expect(all.some((l) => l.includes(' · United States of America · '))).toBe(true);
    expect(all.some((l) => l.includes(' · New York NY USA · '))).toBe(true);
    expect(all.some((l) => l.includes(' · Heathrow · '))).toBe(true);
    expect(all.some((l) => l.includes(' · 深圳市 · '))).toBe(true);
  });

  it('leaves event descriptions as the carrier wrote them', () => {
    const reply = renderer.tracking(
      found({ events: [event({ description: { text: 'ITEM POSTED' } })] }),
      view(),
    );
    expect(text(reply)).toContain('ITEM POSTED');
  });

  it('says "+ 1 earlier update" of one event left out, and "+ 2 earlier updates" of two', () => {
    const notify = (count: number) =>
      text(
        renderer.notification(
          [{ kind: 'events', number: 'RB000000014HK', status: 'in_transit', events: eventsOf(5 + count) }],
          view(),
        ),
      );
    expect(notify(1).split('\n')).toContain('+ 1 earlier update');
    expect(notify(2).split('\n')).toContain('+ 2 earlier updates');
  });
});

function eventsOf(count: number) {
  return Array.from({ length: count }, () => event());
}
