import { routesFor } from '../carriers/routing.js';
import type { Candidate } from './candidate.js';
import type { FormatRule, RuleMatch } from './format-rule.js';
import { createRuleMatcher, type RuleMatcher } from './match-rules.js';
import { rankCarriers } from './rank.js';
import { FORMAT_RULES } from './rules/index.js';
import type { TextHints } from './text-hints.js';

/** Works out who carries a number: format matching plus ranking plus the adapter that would answer. */
export interface Detector {
  readonly matcher: RuleMatcher;
  /** Ranked candidates for a compact number's rule matches, in the light of the message's hints. */
  candidates(matches: readonly RuleMatch[], hints: TextHints): Candidate[];
}

export function createDetector(rules: readonly FormatRule[] = FORMAT_RULES): Detector {
  const matcher = createRuleMatcher(rules);
  return {
    matcher,
    candidates(matches, hints) {
      return rankCarriers(matches, hints).map(({ carrier, check, ruleId }) => {
        const route = routesFor(carrier)[0];
        return {
          carrier,
          adapter: route?.adapter ?? null,
          ...(route?.courierCode ? { courierCode: route.courierCode } : {}),
          check,
          rule: ruleId,
        };
      });
    },
  };
}
