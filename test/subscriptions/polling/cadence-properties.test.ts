import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SHIPMENT_STATUSES } from '../../../src/domain/shipment.js';
import { nextStep, type ParcelState, pollsPerDay } from '../../../src/subscriptions/polling/cadence.js';
import {
  days,
  EXPIRE_AFTER_QUIET_MS,
  NOT_FOUND_DROP_AFTER_MS,
} from '../../../src/subscriptions/polling/cadence-table.js';

const EPOCH_2026 = Date.UTC(2026, 0, 1);

/** Any state the store could hold: times around 2026, news at or after subscribing, any run of quiet polls. */
const parcelState: fc.Arbitrary<ParcelState> = fc
  .record(
    {
      status: fc.constantFrom(...SHIPMENT_STATUSES, 'not_found' as const),
      phase: fc.constantFrom('following' as const, 'confirming' as const),
      subscribedAt: fc.integer({ min: EPOCH_2026, max: EPOCH_2026 + days(365) }),
      newsAfter: fc.integer({ min: 0, max: days(60) }),
      quietPolls: fc.nat({ max: 2000 }),
      deliveredAfter: fc.integer({ min: 0, max: days(60) }),
    },
    { requiredKeys: ['phase', 'subscribedAt', 'newsAfter', 'quietPolls'] },
  )
  .map(({ newsAfter, deliveredAfter, ...rest }) => ({
    ...rest,
    lastNewsAt: rest.subscribedAt + newsAfter,
    ...(deliveredAfter === undefined ? {} : { deliveredAt: rest.subscribedAt + deliveredAfter }),
  }));

const scene = fc.record({
  state: parcelState,
  /** From an hour before subscribing (clock skew between instances) to 100 days after. */
  nowAfter: fc.integer({ min: -3_600_000, max: days(100) }),
  r: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  stretch: fc.oneof(fc.constant(1), fc.double({ min: 1, max: 1e6, noNaN: true })),
});

/** The time after which following ends for this state (none for a delivered parcel). */
function deadlineOf(state: ParcelState): number {
  const since = Math.max(state.subscribedAt, state.lastNewsAt);
  if (state.status === 'delivered') return Number.POSITIVE_INFINITY;
  return since + (state.status === 'not_found' ? NOT_FOUND_DROP_AFTER_MS : EXPIRE_AFTER_QUIET_MS);
}

describe('nextStep properties', () => {
  it('answers a whole-millisecond poll in [now, deadline], or a terminal step only when it is due', () => {
    fc.assert(
      fc.property(scene, ({ state, nowAfter, r, stretch }) => {
        const now = state.subscribedAt + nowAfter;
        const step = nextStep(state, now, () => r, { stretch });
        switch (step.kind) {
          case 'poll':
            expect(Number.isSafeInteger(step.at)).toBe(true);
            expect(step.at).toBeGreaterThanOrEqual(now);
            expect(step.at).toBeLessThanOrEqual(deadlineOf(state));
            break;
          case 'drop_not_found':
            expect(state.status).toBe('not_found');
            expect(now).toBeGreaterThanOrEqual(deadlineOf(state));
            break;
          case 'expire':
            expect(state.status).not.toBe('delivered');
            if (state.status !== 'expired')
              expect(now).toBeGreaterThanOrEqual(
                Math.max(state.subscribedAt, state.lastNewsAt) + EXPIRE_AFTER_QUIET_MS,
              );
            break;
          case 'archive':
            expect(state).toMatchObject({ status: 'delivered', phase: 'confirming' });
            expect(state.quietPolls).toBeGreaterThanOrEqual(1);
            break;
        }
      }),
    );
  });

  it('never polls sooner when stretched, and keeps the same kind of step', () => {
    fc.assert(
      fc.property(scene, ({ state, nowAfter, r, stretch }) => {
        const now = state.subscribedAt + nowAfter;
        const plain = nextStep(state, now, () => r);
        const stretched = nextStep(state, now, () => r, { stretch });
        expect(stretched.kind).toBe(plain.kind);
        if (plain.kind === 'poll' && stretched.kind === 'poll')
          expect(stretched.at).toBeGreaterThanOrEqual(plain.at);
      }),
    );
  });

  it('counts polls per day as a finite rate that a stretch only lowers', () => {
    fc.assert(
      fc.property(scene, ({ state, nowAfter, stretch }) => {
        const now = state.subscribedAt + nowAfter;
        const rate = pollsPerDay(state, now);
        expect(Number.isFinite(rate)).toBe(true);
        expect(rate).toBeGreaterThanOrEqual(0);
        expect(pollsPerDay(state, now, { stretch })).toBeLessThanOrEqual(rate);
      }),
    );
  });
});
