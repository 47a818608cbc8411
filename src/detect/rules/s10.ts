import { postalOperator } from '../../carriers/postal-operators.js';
import type { FormatRule } from '../format-rule.js';

/** UPU S10 item identifiers: 2-letter service indicator, 8-digit serial, check digit, issuing country. */
export const s10Rules: readonly FormatRule[] = [
  {
    id: 'upu-s10',
    name: 'UPU S10 item identifier',
    lengths: [13],
    // Any two letters: S10-12 §5.1 gives the service indicator as two capital letters; the J, K, S, T and
    // W ranges are left to each operator's own (domestic or bilateral) use, and operators do issue them
    // (Correios `JT…BR`, Royal Mail `TT…GB`, NZ Post `JP…NZ`). The check digit holds for every range.
    pattern: /^(?<service>[A-Z]{2})(?<payload>\d{8})(?<check>\d)(?<country>[A-Z]{2})$/,
    check: 's10',
    carriers: ({ service, country }) => {
      const operator = country ? postalOperator(country) : undefined;
      if (!operator || !service) return [];
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
        // Operator ranges (J, K, S, T, W), check digits computed: 12345678 → 5, 87654321 → 6, 10000027 → 2.
        'JT123456785BR',
        'TT876543216GB',
        'KA123456785DE',
        'SB876543216FR',
        'WD123456785AU',
        'JP100000272NZ',
      ],
      // RB000000010HK is Hongkong Post's API document example, whose check digit does not hold.
      invalid: [
        'RB000000010HK',
        'RR100000141GB',
        'EA123456786HK',
        'RB000000014XX',
        'JT123456784BR',
        'TT876543211GB',
      ],
    },
  },
];
