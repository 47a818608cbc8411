import { describe, expect, it } from 'vitest';
import { eventKey } from '../../../src/domain/event-key.js';
import type { TrackingEvent } from '../../../src/domain/shipment.js';
import { estimateNews, findNews, MAX_TOLD_KEYS, sameEstimate } from '../../../src/subscriptions/news/diff.js';

const event = (time: string, text: string, location?: string): TrackingEvent => ({
  key: eventKey({ carrier: 'hongkong-post', number: 'RB000000014HK', time, text, location }),
  time,
  description: { text },
  ...(location ? { location: { text: location } } : {}),
  status: 'in_transit',
});

const posted = event('2026-11-01T09:00:00+08:00', 'Posted', 'Hong Kong');
const left = event('2026-11-02T10:00:00+08:00', 'Departed', 'Hong Kong');
const arrived = event('2026-11-03T06:00:00+13:00', 'Arrived', 'Auckland');
const keys = (events: readonly TrackingEvent[]) => events.map((e) => e.key);

describe('findNews', () => {
  it('reports the events the chat was not told, newest first', () => {
    const news = findNews(keys([posted]), [arrived, left, posted]);
    expect(news.fresh).toEqual([arrived, left]);
    expect(news.told).toEqual(keys([posted, left, arrived]));
  });

  it('finds nothing new when the carrier reorders or re-sends what was told', () => {
    const told = keys([posted, left]);
    expect(findNews(told, [posted, left]).fresh).toEqual([]);
    expect(findNews(told, [left, posted, left, posted]).fresh).toEqual([]);
  });

  it('keeps told keys when the carrier drops old events, so they are not news when they return', () => {
    const afterDrop = findNews(keys([posted, left]), [arrived]);
    expect(afterDrop.fresh).toEqual([arrived]);
    expect(findNews(afterDrop.told, [arrived, left, posted]).fresh).toEqual([]);
  });

  it('ignores volatile whitespace in carrier text', () => {
    const respaced = event('2026-11-02T10:00:00+08:00', '  Departed ', 'Hong  Kong');
    expect(findNews(keys([left]), [respaced]).fresh).toEqual([]);
  });

  it('counts one event twice in one answer once', () => {
    expect(findNews([], [left, left]).fresh).toEqual([left]);
  });

  it('caps what it remembers, forgetting the oldest', () => {
    const old = Array.from({ length: MAX_TOLD_KEYS }, (_, i) => `old${i}`);
    const news = findNews(old, [arrived]);
    expect(news.told).toHaveLength(MAX_TOLD_KEYS);
    expect(news.told.at(-1)).toBe(arrived.key);
    expect(news.told[0]).toBe('old1');
  });
});

describe('estimateNews', () => {
  const NOW = Date.parse('2026-12-06T12:00:00Z');
  const tuesday = { from: '2026-12-08T00:00:00+13:00', to: '2026-12-09T00:00:00+13:00' };

  it('is the new estimate when it differs from the one told and still lies ahead', () => {
    const wednesday = { from: '2026-12-09T00:00:00+13:00', to: '2026-12-10T00:00:00+13:00' };
    expect(estimateNews(tuesday, wednesday, NOW)).toEqual(wednesday);
    expect(estimateNews(undefined, tuesday, NOW)).toEqual(tuesday);
  });

  it('is nothing for the same span however it is written, a withdrawn one, or one already past', () => {
    const sameInUtc = { from: '2026-12-07T11:00:00Z', to: '2026-12-08T11:00:00Z' };
    expect(sameEstimate(tuesday, sameInUtc)).toBe(true);
    expect(estimateNews(tuesday, sameInUtc, NOW)).toBeUndefined();
    expect(estimateNews(tuesday, undefined, NOW)).toBeUndefined();
    expect(estimateNews(tuesday, { from: '2026-12-06T08:00:00+08:00' }, NOW)).toBeUndefined();
    expect(estimateNews(undefined, { from: 'soon' }, NOW)).toBeUndefined();
  });
});
