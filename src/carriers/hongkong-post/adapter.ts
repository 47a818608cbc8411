import { CarrierError } from '../../domain/carrier-error.js';
import type { TrackOutcome } from '../../domain/outcome.js';
import type { AdapterDeps, CarrierAdapter, LaneLimits } from '../adapter.js';
import { createHongkongPostClient } from './client.js';
import { interpretMailTracking } from './response.js';
import { LANG_BY_LOCALE, REQUEST_LANG } from './schema.js';
import type { HongkongPostSettings } from './settings.js';
import { ADAPTER_ID } from './status-codes.js';

/** Seed 000: `itemNo` is a String of 13 (an S10 number such as `RB000000010HK`). */
const ITEM_NUMBER = /^[A-Z0-9]{1,13}$/;

const notAnItemNumber = (): TrackOutcome => ({
  kind: 'failed',
  error: new CarrierError(
    ADAPTER_ID,
    'invalid_number',
    'not a Hongkong Post item number (at most 13 letters and digits); not sent',
  ),
});

/** The Hongkong Post Mail Tracking API adapter, within `limits` (its manifest's, `index.ts`). */
export function createHongkongPostAdapter(
  settings: HongkongPostSettings,
  deps: AdapterDeps,
  limits: LaneLimits,
): CarrierAdapter {
  const client = createHongkongPostClient(settings, deps, limits.requestTimeoutMs);
  return {
    id: ADAPTER_ID,
    async track(requests, context) {
      const distinct = [...new Set(requests.map((r) => r.number))];
      // Only what can be an item number goes out: one that cannot would make Hongkong Post refuse the
      // whole batch (9998), failing every other number in it.
      const numbers = distinct.filter((n) => ITEM_NUMBER.test(n));
      const refused = new Map<string, TrackOutcome>(
        distinct.filter((n) => !ITEM_NUMBER.test(n)).map((n) => [n, notAnItemNumber()]),
      );
      if (numbers.length === 0) return refused;
      if (numbers.length > limits.batchSize) {
        // Hongkong Post would answer 9995; do not spend a request of the daily quota on it.
        throw new CarrierError(
          ADAPTER_ID,
          'bad_response',
          `at most ${limits.batchSize} numbers per request, ${numbers.length} given`,
        );
      }
      const answer = await client.mailTracking({ lang: REQUEST_LANG, itemNo: numbers }, context.signal);
      const lang = LANG_BY_LOCALE[context.locale];
      const outcomes = interpretMailTracking(answer, {
        numbers,
        lang,
        nowMs: deps.clock.now(),
        logger: deps.logger,
      });
      for (const [number, outcome] of refused) outcomes.set(number, outcome);
      return outcomes;
    },
  };
}
