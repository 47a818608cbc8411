/**
 * Check-digit algorithms used by tracking-number formats. Each one answers whether `check` is the
 * check character of `payload`; both are upper-case ASCII already sliced out by the format rule.
 * Every function runs in time linear in the payload and never throws on well-formed input.
 */

/** Numeric value of a character: digits as themselves, letters by UPS's table `(code − 63) mod 10` (A=2 … I=0 … Z=7). */
function upsValue(char: string): number {
  const code = char.charCodeAt(0);
  return code <= 57 ? code - 48 : (code - 63) % 10;
}

/**
 * Weighted sum mod 10: weights repeat from the rightmost payload character when `fromRight`, else
 * from the leftmost; the check digit is `(10 − sum mod 10) mod 10`.
 */
function weightedMod10(payload: string, weights: readonly number[], fromRight: boolean): number {
  let sum = 0;
  const n = payload.length;
  for (let i = 0; i < n; i++) {
    const char = payload[fromRight ? n - 1 - i : i] as string;
    sum += upsValue(char) * (weights[i % weights.length] as number);
  }
  return (10 - (sum % 10)) % 10;
}

function remainder(payload: string, modulus: number): number {
  let r = 0;
  for (let i = 0; i < payload.length; i++) r = (r * 10 + payload.charCodeAt(i) - 48) % modulus;
  return r;
}

/**
 * UPU S10 (UPU standard S10, §5.3): weights 8 6 4 2 3 5 9 7 over the 8 serial digits, sum mod 11,
 * check = 11 − remainder, where 10 becomes 0 and 11 becomes 5.
 */
function s10(payload: string, check: string): boolean {
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (payload.charCodeAt(i) - 48) * (weights[i] as number);
  const c = 11 - (sum % 11);
  return (c === 10 ? 0 : c === 11 ? 5 : c) === Number(check);
}

/** GS1 mod 10 (GS1 General Specifications §7.9.1): weights 3,1 from the rightmost payload digit. SSCC, GTIN, USPS IMpb. */
function gs1(payload: string, check: string): boolean {
  return weightedMod10(payload, [3, 1], true) === Number(check);
}

/**
 * USPS 20-digit Delivery/Signature Confirmation numbers printed without their application identifier:
 * GS1 mod 10 over the number with the implied `91` in front (USPS Publication 91, §3).
 */
function gs1Usps91(payload: string, check: string): boolean {
  return gs1(`91${payload}`, check);
}

/** Deutsche Post DHL Identcode / Leitcode: weights 4,9 from the left, check = (10 − sum mod 10) mod 10. */
function identcode(payload: string, check: string): boolean {
  return weightedMod10(payload, [4, 9], false) === Number(check);
}

/** Weights 1,2 from the left with UPS's letter values and no digit folding: UPS `1Z`, UPS waybills, OnTrac. */
function ups(payload: string, check: string): boolean {
  return weightedMod10(payload, [1, 2], false) === Number(check);
}

/** Luhn (ISO/IEC 7812-1 Annex B): double every second digit from the right, fold products above 9. */
function luhn(payload: string, check: string): boolean {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let d = payload.charCodeAt(payload.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10 === Number(check);
}

/** FedEx Express: weights 1,3,7 from the rightmost payload digit, sum mod 11, then mod 10. */
function fedexMod11(payload: string, check: string): boolean {
  let sum = 0;
  const weights = [1, 3, 7];
  for (let i = 0; i < payload.length; i++) {
    sum += (payload.charCodeAt(payload.length - 1 - i) - 48) * (weights[i % 3] as number);
  }
  return (sum % 11) % 10 === Number(check);
}

/** The payload read as one decimal number, mod 7 (DHL Express waybills, Yamato, Sagawa, Japan Post domestic). */
function mod7(payload: string, check: string): boolean {
  return remainder(payload, 7) === Number(check);
}

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** ISO/IEC 7064 MOD 37,36 hybrid system over 0–9A–Z (DPD parcel numbers). */
function iso7064Mod37_36(payload: string, check: string): boolean {
  const m = 36;
  let p = m;
  for (let i = 0; i < payload.length; i++) {
    let s = (p + ALPHANUMERIC.indexOf(payload[i] as string)) % m;
    if (s === 0) s = m;
    p = (s * 2) % (m + 1);
  }
  return ALPHANUMERIC[(m + 1 - p) % m] === check;
}

export const CHECK_DIGITS = {
  s10,
  gs1,
  'gs1-usps-91': gs1Usps91,
  identcode,
  ups,
  luhn,
  'fedex-mod11': fedexMod11,
  mod7,
  'iso7064-mod37-36': iso7064Mod37_36,
} as const satisfies Record<string, (payload: string, check: string) => boolean>;

export type CheckDigitAlgorithm = keyof typeof CHECK_DIGITS;
