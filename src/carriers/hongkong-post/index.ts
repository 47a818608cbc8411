import type { HongkongPostConfig } from '../../config.js';
import { CarrierError } from '../../domain/carrier-error.js';
import type { TrackOutcome } from '../../domain/outcome.js';
import type { AdapterDefinition, LaneLimits } from '../adapter.js';
import { createHongkongPostClient } from './client.js';
import { interpretMailTracking } from './response.js';
import { LANG_BY_LOCALE, REQUEST_LANG } from './schema.js';
import { ADAPTER_ID } from './status-codes.js';

/** Hongkong Post's limits (seed 000 = the Mail Tracking API document; CARRIERS.md "Hongkong Post"). */
export const HONGKONG_POST_LIMITS: LaneLimits = {
  // Seed: "The frequency of request: 100ms, system will refuse the request if frequency of request exceed
  // the limit"; CARRIERS.md: space them 110–120 ms at the client, network jitter squeezes gaps.
  minSpacingMs: 110,
  // Spacing is per account: one request at a time keeps it.
  concurrency: 1,
  // Seed: "An array of Item No (max 30 items)"; answer 9995 beyond.
  batchSize: 30,
  // Short: gathering lookups costs the interactive user latency; the spacing already batches under load.
  batchWindowMs: 50,
  requestTimeoutMs: 15_000,
  // Seed: "Request limit per day: 100,000"; CARRIERS.md: count per Hong Kong calendar day and per rolling 24 h.
  dailyQuota: { limit: 100_000, timeZone: 'Asia/Hong_Kong' },
  rollingDayQuota: 100_000,
  // The daily budget, not the spacing, is what polling is planned around (CARRIERS.md): reuse answers briefly.
  cacheTtlMs: 5 * 60_000,
};

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

/** The Hongkong Post Mail Tracking API (EC-Ship platform): S10 items posted with Hongkong Post. */
export const hongkongPostAdapter: AdapterDefinition<HongkongPostConfig> = {
  id: ADAPTER_ID,
  label: 'Hongkong Post',
  limits: HONGKONG_POST_LIMITS,
  create(config, deps) {
    const client = createHongkongPostClient(config, deps, HONGKONG_POST_LIMITS.requestTimeoutMs);
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
        if (numbers.length > HONGKONG_POST_LIMITS.batchSize) {
          // Hongkong Post would answer 9995; do not spend a request of the daily quota on it.
          throw new CarrierError(
            ADAPTER_ID,
            'bad_response',
            `at most ${HONGKONG_POST_LIMITS.batchSize} numbers per request, ${numbers.length} given`,
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
  },
};
