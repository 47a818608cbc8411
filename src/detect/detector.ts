import { routesFor } from '../carriers/routing.js';
import type { Candidate } from './candidate.js';
import type { FormatRule, RuleMatch } from './format-rule.js';
import { createRuleMatcher, type RuleMatcher, withCorrectedCheck } from './match-rules.js';
import { rankCarriers } from './rank.js';
import { FORMAT_RULES } from './rules/index.js';
import type { TextHints } from './text-hints.js';

/** Works out who carries a number: format matching plus ranking plus the adapter that would answer. */
export interface Detector {
  readonly matcher: RuleMatcher;
  /**
   * Ranked candidates for a compact number's rule matches, in the light of the message's hints (pass a
   * function to read them only when the number has several possible carriers).
   */
  candidates(matches: readonly RuleMatch[], hints: TextHints | (() => TextHints)): Candidate[];
  /** When no format's check digit holds but one fits, the number with that check corrected ("did you mean…?"). */
  suggestCorrection(number: string): string | undefined;
}

export function createDetector(rules: readonly FormatRule[] = FORMAT_RULES): Detector {
  const matcher = createRuleMatcher(rules);
  return {
    matcher,
    suggestCorrection(number) {
      const matches = number.length <= matcher.maxLength ? matcher.match(number) : [];
      if (matches.length === 0 || matches.some((m) => m.check !== 'invalid')) return undefined;
      for (const match of matches) {
        const corrected = withCorrectedCheck(match.rule, number);
        if (corrected) return corrected;
      }
      return undefined;
    },
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
