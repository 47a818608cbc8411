import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDueQueue } from '../../src/scheduler/due-queue.js';

describe('the due queue', () => {
  it('hands out due numbers earliest first, up to the limit, and keeps the rest', () => {
    const due = createDueQueue();
    due.set('C', 30);
    due.set('A', 10);
    due.set('B', 20);
    due.set('D', 99);
    expect(due.takeDue(25, 10)).toEqual(['A', 'B']);
    expect(due.takeDue(35, 10)).toEqual(['C']);
    expect(due.nextAt()).toBe(99);
    expect([due.has('A'), due.has('B'), due.has('C'), due.has('D')]).toEqual([false, false, false, true]);
  });

  it('keeps one plan per number: setting again replaces, deleting forgets', () => {
    const due = createDueQueue();
    due.set('A', 10);
    due.set('A', 50);
    due.set('B', 20);
    due.delete('B');
    expect(due.takeDue(30, 10)).toEqual([]);
    expect(due.has('A')).toBe(true);
    expect(due.takeDue(50, 10)).toEqual(['A']);
    expect(due.has('A')).toBe(false);
    expect(due.nextAt()).toBeUndefined();
  });

  it('agrees with sorting for any plans', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 1000 }))),
        (plans) => {
          const due = createDueQueue();
          const latest = new Map<string, number>();
          for (const [n, at] of plans) {
            due.set(`N${n}`, at);
            latest.set(`N${n}`, at);
          }
          const expected = [...latest].sort((a, b) => a[1] - b[1]).map(([n]) => latest.get(n) ?? 0);
          const taken = due.takeDue(1000, 1000).map((n) => latest.get(n) ?? -1);
          expect(taken).toEqual(expected);
        },
      ),
    );
  });
});
