import type { CarrierId } from '../domain/carrier.js';
import type { CheckDigitAlgorithm } from './check-digits.js';

/**
 * One tracking-number format, as data. Rules are matched against the compact, upper-case number
 * (`TrackingNumber`), never against free text: the extractor decides what is a number, rules decide
 * whose it is.
 */
export interface FormatRule {
  /** Stable id, `<carrier>-<format>`, e.g. `ups-1z`. */
  readonly id: string;
  /** What the format is called, for people reading the table. */
  readonly name: string;
  /** Every length (in characters) the pattern can match; used to index rules and bound the scanner. */
  readonly lengths: readonly number[];
  /**
   * Anchored pattern over the compact number. When `check` is set, the named groups `payload` and `check`
   * hold the characters the check digit covers and the check character itself.
   */
  readonly pattern: RegExp;
  readonly check?: CheckDigitAlgorithm;
  /** Carriers this format belongs to, most likely first; computed from the match for S10's country suffix. */
  readonly carriers:
    | readonly CarrierId[]
    | ((groups: Readonly<Record<string, string>>) => readonly CarrierId[]);
  /**
   * Characters the format fixes (prefix or suffix letters and digits). Among candidates whose check
   * digits hold, the more specific format ranks first: `420…9400…` (USPS, 5 fixed) before a bare
   * 34-digit FedEx barcode (0).
   */
  readonly specificity: number;
  /** Where the format and its check digit are published. */
  readonly source: string;
  /** Run as tests: `valid` numbers match with the check digit holding; `invalid` ones do not. */
  readonly examples: { readonly valid: readonly string[]; readonly invalid: readonly string[] };
}

/** The outcome of the check digit for one rule's match: `none` when the format has no check digit. */
export type CheckResult = 'valid' | 'invalid' | 'none';

export interface RuleMatch {
  readonly rule: FormatRule;
  readonly carriers: readonly CarrierId[];
  readonly check: CheckResult;
}
