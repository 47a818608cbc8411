import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findFuuffyOrders, type OrderReading } from '../../src/extract/fuuffy-orders.js';

const ids = (text: string, reading: OrderReading = 'named') =>
  findFuuffyOrders(text, { reading }).orders.map((o) => o.orderId);

const READINGS: readonly OrderReading[] = ['named', 'command', 'all'];

describe('Fuuffy order ids in a message', () => {
  it('reads ids where Fuuffy is named before them, in English and Chinese', () => {
    expect(ids('Fuuffy order 3550875')).toEqual(['3550875']);
    expect(ids('my fuuffy order no. 3550875, thanks')).toEqual(['3550875']);
    expect(ids('Fuuffy #3550875')).toEqual(['3550875']);
    expect(ids('Fuuffy 訂單號碼：3550875')).toEqual(['3550875']);
    expect(ids('fuuffy订单 ３５５０８７５')).toEqual(['3550875']);
    expect(ids('Fuuffy orders 3550875 and 3550806, 3550875')).toEqual(['3550875', '3550806']);
  });

  it('never reads a run of digits alone, nor one after another shop’s name, as an order id', () => {
    expect(ids('order 3550875')).toEqual([]);
    expect(ids('3550875')).toEqual([]);
    expect(ids('Order: 3550875 from HKTVmall')).toEqual([]);
    expect(ids('notfuuffy order 3550875')).toEqual([]);
    expect(ids('Fuuffy order 35508751234567')).toEqual([]);
  });

  it('reads every run of digits, and order:NNN, when the person said they are Fuuffy orders', () => {
    expect(ids('3550875 3550806', 'all')).toEqual(['3550875', '3550806']);
    expect(ids('order:3550806', 'all')).toEqual(['3550806']);
    expect(ids('order:3550806 3550875', 'command')).toEqual(['3550806']);
    expect(ids('order:3550806')).toEqual([]);
  });

  it('blanks the mentions out of the text left for the number extractor', () => {
    const { rest } = findFuuffyOrders('Fuuffy order 3550875 and RB000000014HK');
    expect(rest).toHaveLength('Fuuffy order 3550875 and RB000000014HK'.length);
    expect(rest.trim()).toBe('and RB000000014HK');
  });

  it('reads a long run of spaces or digits in one pass (no backtracking blow-up)', () => {
    const spaces = `Fuuffy${' '.repeat(200_000)}x`;
    const digits = `Fuuffy order ${'1234 '.repeat(40_000)}x`;
    // A backtracking search over these would not end within the test's timeout.
    expect(ids(spaces)).toEqual([]);
    expect(ids(digits)).toEqual(['1234']);
  });

  it('finds only ids that appear in the text, each once', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.constantFrom(...READINGS), (text, reading) => {
        const found = ids(text, reading);
        expect(new Set(found).size).toBe(found.length);
        for (const id of found) expect(text.normalize('NFKC')).toContain(id);
      }),
      { seed: 15, numRuns: 2000 },
    );
  });
});
