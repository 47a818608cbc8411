import { CHECK_DIGITS } from './check-digits.js';
import type { CheckResult, FormatRule, RuleMatch } from './format-rule.js';

/** Matches a compact number against a rule table, indexed by length so each lookup tries only a few rules. */
export interface RuleMatcher {
  /** Every rule the number fits, in table order; empty when none does. */
  match(number: string): RuleMatch[];
  /** Whether any rule accepts numbers of this length (lets the scanner skip impossible windows cheaply). */
  acceptsLength(length: number): boolean;
  /** The longest number any rule accepts. */
  readonly maxLength: number;
  /** The shortest number any rule accepts. */
  readonly minLength: number;
}

export function createRuleMatcher(rules: readonly FormatRule[]): RuleMatcher {
  const byLength = new Map<number, FormatRule[]>();
  for (const rule of rules) {
    for (const length of rule.lengths) {
      const list = byLength.get(length) ?? [];
      list.push(rule);
      byLength.set(length, list);
    }
  }
  const maxLength = Math.max(...byLength.keys());
  const minLength = Math.min(...byLength.keys());
  const anyRuleOfLength = new Map<number, RegExp>();
  for (const [length, list] of byLength) anyRuleOfLength.set(length, unionOf(list));

  return {
    maxLength,
    minLength,
    acceptsLength: (length) => byLength.has(length),
    match(number) {
      const matches: RuleMatch[] = [];
      if (isPlaceholder(number) || !anyRuleOfLength.get(number.length)?.test(number)) return matches;
      for (const rule of byLength.get(number.length) ?? []) {
        const found = matchRule(rule, number);
        if (found) matches.push(found);
      }
      return matches;
    },
  };
}

/**
 * One pattern that accepts whatever any of `rules` accepts: a single test rejects most strings before
 * each rule is tried (named groups become plain groups, as names may not repeat).
 */
function unionOf(rules: readonly FormatRule[]): RegExp {
  return new RegExp(
    rules.map((r) => `(?:${r.pattern.source.replace(/\(\?<(?=[A-Za-z])[A-Za-z0-9]+>/g, '(?:')})`).join('|'),
  );
}

/**
 * One digit repeated (`000000000000`) satisfies most check-digit schemes but is a placeholder, never an
 * issued number.
 */
function isPlaceholder(number: string): boolean {
  const first = number.charCodeAt(0);
  if (first < 48 || first > 57) return false;
  for (let i = 1; i < number.length; i++) if (number.charCodeAt(i) !== first) return false;
  return true;
}

export function matchRule(rule: FormatRule, number: string): RuleMatch | null {
  const m = rule.pattern.exec(number);
  if (!m) return null;
  const groups = m.groups ?? {};
  const carriers = typeof rule.carriers === 'function' ? rule.carriers(groups) : rule.carriers;
  if (carriers.length === 0) return null;
  return { rule, carriers, check: checkOf(rule, groups) };
}

const CHECK_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * The number with its check character corrected, when `rule` fits it but its check digit fails
 * (people mistype one character): `RB000000010HK` → `RB000000014HK`. `undefined` otherwise.
 */
export function withCorrectedCheck(rule: FormatRule, number: string): string | undefined {
  if (!rule.check) return undefined;
  const m = new RegExp(rule.pattern.source, `${rule.pattern.flags}d`).exec(number);
  const { payload, check } = m?.groups ?? {};
  const at = m?.indices?.groups ? m.indices.groups['check'] : undefined;
  if (!at || payload === undefined || check === undefined || CHECK_DIGITS[rule.check](payload, check))
    return undefined;
  const algorithm = CHECK_DIGITS[rule.check];
  for (const c of CHECK_ALPHABET) {
    if (algorithm(payload, c)) return number.slice(0, at[0]) + c + number.slice(at[1]);
  }
  return undefined;
}

function checkOf(rule: FormatRule, groups: Readonly<Record<string, string | undefined>>): CheckResult {
  if (!rule.check) return 'none';
  const { payload, check } = groups;
  if (payload === undefined || check === undefined) {
    throw new Error(
      `format rule ${rule.id} declares a check digit but its pattern lacks payload/check groups`,
    );
  }
  return CHECK_DIGITS[rule.check](payload, check) ? 'valid' : 'invalid';
}
