import { describe, expect, it } from 'vitest';
import { decodeAction, encodeAction } from '../../src/render/action-codec.js';
import { createRenderer } from '../../src/render/create-renderer.js';
import { buttonLabels, candidate, found, number, result, view } from './fixtures.js';

const renderer = createRenderer();

describe('tracking buttons', () => {
  it('offers Refresh, Subscribe (carrying the answered carrier) and Share', () => {
    const reply = renderer.tracking(found(), view());
    expect(reply.buttons?.[0]?.map((b) => b.action)).toEqual([
      { kind: 'refresh', number: 'RB000000014HK', carrier: 'hongkong-post' },
      { kind: 'subscribe', number: 'RB000000014HK', carrier: 'hongkong-post' },
      { kind: 'share', number: 'RB000000014HK' },
    ]);
  });

  it('offers Unsubscribe when the chat follows the number', () => {
    const reply = renderer.tracking(found(), view({ subscribed: true }));
    expect(buttonLabels(reply)).toEqual(['🔄 Refresh', '🔕 Unsubscribe', '📤 Share']);
  });

  it('offers other candidate carriers, at most 3, that an adapter can ask', () => {
    const candidates = [
      candidate('hongkong-post', 'hongkong-post'),
      candidate('ups'),
      candidate('ups'),
      candidate('fedex', null),
      candidate('usps'),
      candidate('dhl-express'),
      candidate('royal-mail'),
    ];
    const reply = renderer.tracking(found({}, { candidates }), view());
    const row = reply.buttons?.[1] ?? [];
    expect(row.map((b) => b.label)).toEqual(['As UPS', 'As USPS', 'As DHL Express']);
    expect(row[0]?.action).toEqual({ kind: 'track_as', number: 'RB000000014HK', carrier: 'ups' });
    expect(reply.blocks.at(-1)?.spans[0]?.text).toBe('Not the right carrier? Try another one below.');
  });

  it('names other carriers in the chat language', () => {
    const reply = renderer.tracking(
      found({}, { candidates: [candidate('sf-express')] }),
      view({ locale: 'zh-HK' }),
    );
    expect(buttonLabels(reply)).toContain('改用順豐速運查詢');
  });

  it('drops buttons whose action does not fit in 64 bytes, or could not be read back', () => {
    const candidates = [
      candidate('hongkong-post', 'hongkong-post'),
      candidate('antigua-and-barbuda-post'),
      candidate('ups'),
    ];
    // A number of no known format would be refused when pressed (decodeAction), so it gets no buttons.
    const unknown = number('A'.repeat(40));
    const refused = renderer.tracking(
      result({ kind: 'not_found', reason: 'no_record' }, { number: unknown, input: unknown, candidates }),
      view(),
    );
    expect(refused.buttons).toBeUndefined();
    // `t:<38>:antigua-and-barbuda-post` is 65 bytes: that one carrier button goes, the rest stay.
    const long = number('42010001123492612999912345678901234564');
    const fits = renderer.tracking(
      result({ kind: 'not_found', reason: 'no_record' }, { number: long, input: long, candidates }),
      view(),
    );
    const actions = (fits.buttons ?? []).flat().map((b) => b.action);
    expect(actions.map((a) => a.kind)).toEqual(['refresh', 'subscribe', 'share', 'track_as']);
    expect(actions.find((a) => a.kind === 'track_as')).toEqual({
      kind: 'track_as',
      number: long,
      carrier: 'ups',
    });
  });

  it('only offers actions that decode to themselves', () => {
    const candidates = [candidate('hongkong-post', 'hongkong-post'), candidate('ups'), candidate('cainiao')];
    const reply = renderer.tracking(found({ events: [] }, { candidates }), view());
    for (const button of (reply.buttons ?? []).flat()) {
      const decoded = decodeAction(encodeAction(button.action));
      expect(decoded).toBeDefined();
      expect(decoded?.kind).toBe(button.action.kind);
    }
  });
});
