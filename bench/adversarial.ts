/** Inputs built to make scanners slow: long runs of the characters tracking-number patterns are made of. */
export function adversarialInputs(size: number): Record<string, string> {
  const fill = (unit: string) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  return {
    spaces: fill(' '),
    digits: fill('1'),
    'digit, space': fill('1 '),
    'digit groups': fill('12 34 '),
    'letters and digits': fill('AB 12 '),
    'digits and dashes': fill('1-'),
    'almost S10': fill('RB 000 000 01 '),
    'numbers in prose': fill('tracking 1234567891 and 123456789012 '),
    'one CSV line': fill('1234567891,'),
  };
}
