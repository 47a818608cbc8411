import type { FormatRule } from '../format-rule.js';
import { americasRules } from './americas.js';
import { asiaPacificRules } from './asia-pacific.js';
import { chinaDomesticRules } from './china-domestic.js';
import { dhlRules } from './dhl.js';
import { europeRules } from './europe.js';
import { fedexRules } from './fedex.js';
import { s10Rules } from './s10.js';
import { upsRules } from './ups.js';
import { uspsRules } from './usps.js';

/**
 * Every format rule, in the order that breaks ties between equally good candidates: formats of the
 * largest networks first, regional formats after them (a text hint moves those up; see `rank.ts`).
 */
export const FORMAT_RULES: readonly FormatRule[] = [
  ...s10Rules,
  ...upsRules,
  ...fedexRules,
  ...uspsRules,
  ...dhlRules,
  ...americasRules,
  ...europeRules,
  ...asiaPacificRules,
  ...chinaDomesticRules,
];
