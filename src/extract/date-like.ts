import type { Chunk } from './chunks.js';

/**
 * Dates and times are never tracking numbers, however well a check digit happens to hold: a CSV export's
 * `2026-06-05 00`, an id built around `20240513`, a timestamp `20240115103000`.
 */

const FIRST_YEAR = 1990;
const LAST_YEAR = 2099;

const num = (s: string, from: number, length: number): number => {
  let value = 0;
  for (let i = from; i < from + length; i++) value = value * 10 + s.charCodeAt(i) - 48;
  return value;
};

const isYear = (y: number) => y >= FIRST_YEAR && y <= LAST_YEAR;
const isMonth = (m: number) => m >= 1 && m <= 12;
const isDay = (d: number) => d >= 1 && d <= 31;

/** Whether `digits` from `at` are `YYYYMMDD`. */
function isCompactDate(digits: string, at: number): boolean {
  return isYear(num(digits, at, 4)) && isMonth(num(digits, at + 4, 2)) && isDay(num(digits, at + 6, 2));
}

/** Whether `digits` from `at` to the end are hours, minutes and seconds as far as they go (`hh`, `hhmm`, `hhmmss`). */
function isCompactTime(digits: string, at: number): boolean {
  const length = digits.length - at;
  if (length !== 0 && length !== 2 && length !== 4 && length !== 6) return false;
  if (length >= 2 && num(digits, at, 2) > 23) return false;
  if (length >= 4 && num(digits, at + 2, 2) > 59) return false;
  return length < 6 || num(digits, at + 4, 2) <= 59;
}

/** Whether an all-digit number is a date, or a date and time: `YYYYMMDD`, then `hh`, `hhmm` or `hhmmss`. */
export function isCompactDateTime(digits: string): boolean {
  return digits.length >= 8 && digits.length <= 14 && isCompactDate(digits, 0) && isCompactTime(digits, 8);
}

/**
 * Whether runs `[first, last]` of a chunk start with a date written in pieces: `2026 06 05`, `05-06-2026`,
 * `06-05-2026` (year, month and day in either order around the year).
 */
export function startsWithWrittenDate(chunk: Chunk, first: number, last: number): boolean {
  if (last - first < 2) return false;
  const length = (k: number) => (chunk.offsets[k + 1] as number) - (chunk.offsets[k] as number);
  const value = (k: number) => num(chunk.text, chunk.offsets[k] as number, length(k));
  for (let k = first; k <= first + 2; k++) if (chunk.hasDigit[k] === 0 || !isDigits(chunk, k)) return false;
  const [a, b, c] = [value(first), value(first + 1), value(first + 2)];
  if (length(first + 1) !== 2) return false;
  if (length(first) === 4 && length(first + 2) === 2) return isYear(a) && isMonth(b) && isDay(c);
  if (length(first) === 2 && length(first + 2) === 4) {
    return isYear(c) && ((isDay(a) && isMonth(b)) || (isMonth(a) && isDay(b)));
  }
  return false;
}

function isDigits(chunk: Chunk, k: number): boolean {
  for (let i = chunk.offsets[k] as number; i < (chunk.offsets[k + 1] as number); i++) {
    const c = chunk.text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
