import { postalOperator } from '../../carriers/postal-operators.js';
import type { FormatRule } from '../format-rule.js';

/**
 * Service indicators the S10 standard reserves and never issues (S10-12 Table 1: J, K, S, T and W ranges).
 * Everything else is at least possible, since operators use the domestic and unassigned ranges in practice.
 */
const RESERVED_FIRST_LETTERS = 'JKSTW';

/** UPU S10 item identifiers: 2-letter service indicator, 8-digit serial, check digit, issuing country. */
export const s10Rules: readonly FormatRule[] = [
  {
    id: 'upu-s10',
    name: 'UPU S10 item identifier',
    lengths: [13],
    pattern: /^(?<service>[A-IL-RU-VX-Z][A-Z])(?<payload>\d{8})(?<check>\d)(?<country>[A-Z]{2})$/,
    check: 's10',
    carriers: ({ service, country }) => {
      const operator = country ? postalOperator(country) : undefined;
      if (!operator || !service || RESERVED_FIRST_LETTERS.includes(service.charAt(0))) return [];
      // China Post runs EMS as its own brand; E-prefixed items are EMS (S10 Table 1: EA–EZ EMS).
      if (operator.carrier === 'china-post' && service.startsWith('E')) return ['china-ems', 'china-post'];
      return [operator.carrier];
    },
    specificity: 4,
    source:
      'UPU standard S10-12 "Identification of postal items", §5 (https://www.upu.int/en/Postal-Solutions/Programmes-Services/Standards)',
    examples: {
      // RB000000014HK: the valid form of Hongkong Post's own example; RR287043775IN: Wikipedia's S10 example.
      valid: [
        'RB000000014HK',
        'RR287043775IN',
        'RR100000140GB',
        'EA123456785HK',
        'CP000032119NZ',
        'LS912989618CN',
        'LX246813576US',
      ],
      // RB000000010HK is Hongkong Post's API document example, whose check digit does not hold.
      invalid: ['RB000000010HK', 'RR100000141GB', 'EA123456786HK', 'RB000000014XX', 'JB000000014HK'],
    },
  },
];
