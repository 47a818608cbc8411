import type { TrackingNumber } from '../../../src/domain/tracking-number.js';
import type { TrackingService, TrackOptions, TrackResult } from '../../../src/tracking/tracking-service.js';

/**
 * A tracking service that always answers "Hongkong Post, in transit, nothing new", and remembers how it
 * was asked: each call (`calls`) and every number in order (`asked`).
 */
export function quietCarrier() {
  const calls: { numbers: readonly string[]; options: TrackOptions }[] = [];
  const asked: string[] = [];
  const tracking: TrackingService = {
    trackText: async () => ({ results: [], capped: false, withheld: 0 }),
    async trackNumbers(numbers, options) {
      calls.push({ numbers, options });
      asked.push(...numbers);
      return numbers.map(
        (n): TrackResult => ({
          input: n,
          number: n as TrackingNumber,
          carrier: 'hongkong-post',
          adapter: 'hongkong-post',
          candidates: [],
          outcome: {
            kind: 'found',
            shipment: {
              number: n as TrackingNumber,
              carrier: 'hongkong-post',
              adapter: 'hongkong-post',
              status: 'in_transit',
              events: [],
              fetchedAt: new Date(0).toISOString(),
            },
          },
        }),
      );
    },
  };
  return { tracking, calls, asked };
}
