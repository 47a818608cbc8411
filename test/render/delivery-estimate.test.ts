import { describe, expect, it } from 'vitest';
import type { DeliveryEstimate, ShipmentStatus } from '../../src/domain/shipment.js';
import { createRenderer } from '../../src/render/create-renderer.js';
import { createManualClock } from '../../src/time/manual-clock.js';
import { found, lines, NOW, view } from './fixtures.js';

const renderer = createRenderer();
const HOUR = 3_600_000;

/** The reply's estimate line (the one line naming an expected delivery), as a chat reads it at `now`. */
function estimateLine(
  estimate: DeliveryEstimate,
  options: {
    now?: number;
    locale?: 'en' | 'zh-HK' | 'zh-CN';
    timeZone?: string;
    status?: ShipmentStatus;
  } = {},
) {
  const reply = renderer.tracking(
    found({ status: options.status ?? 'in_transit', estimatedDelivery: estimate }),
    view({
      now: options.now ?? NOW,
      locale: options.locale ?? 'en',
      timeZone: options.timeZone ?? 'Asia/Hong_Kong',
    }),
  );
  return lines(reply).filter((line) => /xpected|預計|预计/.test(line));
}

// NOW is Sun 24 Nov 2024, 17:05 in Hong Kong.
const tonight: DeliveryEstimate = { from: '2024-11-24T19:00:00+08:00', to: '2024-11-24T21:00:00+08:00' };
/** Tuesday 26 November as a whole day in Auckland (the carrier's zone), `to` the next midnight. */
const tuesdayInAuckland: DeliveryEstimate = {
  from: '2024-11-26T00:00:00+13:00',
  to: '2024-11-27T00:00:00+13:00',
};

describe('expected delivery', () => {
  it('names today and the window in the chat zone while it is ahead', () => {
    expect(estimateLine(tonight)).toEqual(['Expected today 19:00–21:00']);
    // The same window read from Auckland, five hours ahead: past midnight there, so the next day.
    expect(estimateLine(tonight, { timeZone: 'Pacific/Auckland' })).toEqual([
      'Expected tomorrow 00:00–02:00',
    ]);
  });

  it('names tomorrow, and a whole day on the carrier calendar without a time', () => {
    const tomorrow = { from: '2024-11-25T00:00:00+08:00', to: '2024-11-26T00:00:00+08:00' };
    expect(estimateLine(tomorrow)).toEqual(['Expected tomorrow']);
    expect(estimateLine(tuesdayInAuckland)).toEqual(['Expected Tue 26 Nov']);
    // Read from London, where that Auckland day starts on Monday: still the carrier's Tuesday.
    expect(estimateLine(tuesdayInAuckland, { timeZone: 'Europe/London' })).toEqual(['Expected Tue 26 Nov']);
    expect(estimateLine({ from: '2024-11-26T00:00:00+13:00', to: '2024-11-29T00:00:00+13:00' })).toEqual([
      'Expected Tue 26 Nov\u2009–\u2009Thu 28 Nov',
    ]);
    expect(estimateLine({ to: '2024-11-26T17:00:00+08:00' })).toEqual(['Expected by Tue 26 Nov 17:00']);
  });

  it('marks an estimate that has passed, on the manual clock, and drops it once delivered', async () => {
    const clock = createManualClock(NOW);
    expect(estimateLine(tonight, { now: clock.now() })).toEqual(['Expected today 19:00–21:00']);
    await clock.advance(3 * HOUR); // 20:05: inside the window, still ahead of its end
    expect(estimateLine(tonight, { now: clock.now() })).toEqual(['Expected today 19:00–21:00']);
    await clock.advance(1 * HOUR); // 21:05: past
    expect(estimateLine(tonight, { now: clock.now() })).toEqual(['Was expected today 19:00–21:00']);
    expect(estimateLine(tonight, { now: clock.now(), status: 'delivered' })).toEqual([]);
    await clock.advance(48 * HOUR); // Tue 26 Nov, 21:05: that Auckland Tuesday ended at 19:00 here
    expect(estimateLine(tuesdayInAuckland, { now: clock.now() })).toEqual(['Was expected today']);
    await clock.advance(24 * HOUR);
    expect(estimateLine(tuesdayInAuckland, { now: clock.now() })).toEqual(['Was expected Tue 26 Nov']);
  });

  it('ignores an estimate with no readable instant, and an end before the start', () => {
    expect(estimateLine({ from: 'soon' })).toEqual([]);
    expect(estimateLine({ from: '2024-13-45T99:00:00+08:00', to: '' })).toEqual([]);
    expect(estimateLine({})).toEqual([]);
    expect(estimateLine({ from: '2024-11-25T10:00:00+08:00', to: '2024-11-25T08:00:00+08:00' })).toEqual([
      'Expected tomorrow 10:00',
    ]);
  });

  it('reads in each language', () => {
    expect(estimateLine(tonight, { locale: 'zh-HK' })).toEqual(['預計送達：今日 19:00 – 21:00']);
    expect(estimateLine(tonight, { locale: 'zh-CN' })).toEqual(['预计送达：今天 19:00–21:00']);
    const [hk] = estimateLine(tuesdayInAuckland, { locale: 'zh-HK' });
    expect(hk).toMatch(/^預計送達：11月26日.*週二/);
    const [cn] = estimateLine(tuesdayInAuckland, { locale: 'zh-CN' });
    expect(cn).toMatch(/^预计送达：11月26日.*周二/);
    expect(estimateLine(tonight, { locale: 'zh-HK', now: NOW + 5 * HOUR })).toEqual([
      '原預計送達：今日 19:00 – 21:00',
    ]);
  });
});
