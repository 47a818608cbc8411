import { describe, expect, it } from 'vitest';
import { createRenderer } from '../../src/render/create-renderer.js';
import { event, failed, number, result, shipment, view } from './fixtures.js';

const renderer = createRenderer();
const textOf = (reply: { blocks: readonly { spans: readonly { text: string }[] }[] }) =>
  reply.blocks.map((b) => b.spans.map((s) => s.text).join('')).join('\n');

describe('inline results', () => {
  it('sum an answer up as carrier and number, then the status line and the last event', () => {
    const found = result({
      kind: 'found',
      shipment: shipment({
        status: 'delivered',
        events: [event({ status: 'delivered', description: { text: 'Delivered, signed by CHAN TAI MAN' } })],
      }),
    });
    expect(renderer.inlineSummary(found, view({ chatKind: 'group' }))).toEqual({
      title: 'Hongkong Post RB000000014HK',
      description: expect.stringMatching(/^✅ Delivered · updated .+\nDelivered/),
    });
    expect(renderer.inlineSummary(found, view({ chatKind: 'group' })).description).not.toContain('CHAN');
  });

  it('say "not found" and "couldn’t check" in the reader’s language', () => {
    const missing = result({ kind: 'not_found', reason: 'no_record' });
    expect(renderer.inlineSummary(missing, view({ locale: 'zh-HK' })).description).toMatch(/^🔍 /);
    expect(renderer.inlineSummary(failed('unavailable'), view()).description).toBe(
      "⚠️ Couldn't check this number",
    );
  });
});

describe('Fuuffy order answers', () => {
  it('name the order, and say when Fuuffy is not set up rather than blaming the number', () => {
    const order = '3550875';
    const unconfigured = {
      ...failed('unavailable'),
      number: number(order),
      input: order,
      orderId: order,
      adapter: null,
      carrier: 'sf-express',
    };
    const text = textOf(renderer.tracking(unconfigured, view()));
    expect(text).toContain('Fuuffy order 3550875');
    expect(text).toContain('only be looked up when Postie is set up with Fuuffy');
  });
});

describe('Share', () => {
  it('gives the link where there is one, else the command, to the person alone', () => {
    const link = 'https://t.me/PostieBot?start=track_RB000000014HK';
    const linked = renderer.share({ number: 'RB000000014HK', link, command: '/track RB000000014HK' }, view());
    expect(linked.private).toBe(true);
    expect(linked.blocks.flatMap((b) => b.spans).find((s) => s.href)?.href).toBe(link);
    const plain = renderer.share({ number: 'RB000000014HK', command: '/track RB000000014HK' }, view());
    expect(plain.blocks.flatMap((b) => b.spans)).toContainEqual({
      text: '/track RB000000014HK',
      style: 'code',
    });
  });
});
