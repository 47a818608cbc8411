import { carrierInfo } from '../carriers/catalogue.js';
import type { CarrierId } from '../domain/carrier.js';
import type { CheckResult, RuleMatch } from './format-rule.js';
import type { TextHints } from './text-hints.js';

export interface RankedCarrier {
  readonly carrier: CarrierId;
  readonly check: CheckResult;
  readonly ruleId: string;
}

const CHECK_TIER: Readonly<Record<CheckResult, number>> = { valid: 0, none: 1, invalid: 2 };

/**
 * Orders every carrier the matches allow, best first, one entry per carrier (its best match):
 * 1. a failed check digit always ranks last (still offered: people mistype);
 * 2. a carrier the text names ("順豐 123…", "佐川", "DPD") comes first;
 * 3. a carrier of the region or language the text hints at ("HK", Chinese or Japanese text, "Paket")
 *    comes next, even over a check digit that holds elsewhere: 12 digits in Chinese are far more often
 *    an SF waybill than a FedEx number whose mod-11 check happens to hold (one in eleven does);
 * 4. a holding check digit beats a pattern-only match;
 * 5. a more specific format (more fixed characters) beats a generic one;
 * 6. otherwise the rule table's order, which puts the formats most often pasted first (`rules/index.ts`),
 *    then the rule's own carrier order.
 */
export function rankCarriers(
  matches: readonly RuleMatch[],
  hintsOf: TextHints | (() => TextHints),
): RankedCarrier[] {
  const carriers = new Set(matches.flatMap((m) => m.carriers));
  // One carrier needs no ranking, and its hints need not be read.
  if (carriers.size <= 1) {
    const best = [...matches].sort((a, b) => CHECK_TIER[a.check] - CHECK_TIER[b.check])[0];
    return best ? best.carriers.map((carrier) => ({ carrier, check: best.check, ruleId: best.rule.id })) : [];
  }
  const hints = typeof hintsOf === 'function' ? hintsOf() : hintsOf;
  const scored: { entry: RankedCarrier; key: number[] }[] = [];
  matches.forEach((match, matchIndex) => {
    match.carriers.forEach((carrier, carrierIndex) => {
      const regions = carrierInfo(carrier)?.regions ?? [];
      const key = [
        match.check === 'invalid' ? 1 : 0,
        hints.mentions.has(carrier) ? 0 : 1,
        regions.some((r) => hints.regions.has(r)) ? 0 : 1,
        CHECK_TIER[match.check],
        -match.rule.specificity,
        matchIndex,
        carrierIndex,
      ];
      scored.push({ entry: { carrier, check: match.check, ruleId: match.rule.id }, key });
    });
  });
  scored.sort((a, b) => compareKeys(a.key, b.key));
  const seen = new Set<CarrierId>();
  return scored
    .filter(({ entry }) => !seen.has(entry.carrier) && seen.add(entry.carrier))
    .map(({ entry }) => entry);
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return 0;
}
