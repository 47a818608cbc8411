import { CHECK_DIGITS, type CheckDigitAlgorithm } from '../src/detect/check-digits.js';
import { seededRandom } from './measure.js';

/** A generated chat message with the tracking numbers a person would expect to be found in it. */
export interface ChatMessage {
  readonly text: string;
  readonly expected: readonly string[];
}

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const digits = (random: Random, n: number) =>
  Array.from({ length: n }, () => Math.floor(random() * 10)).join('');

/** Appends the check character that makes `payload` valid under `algorithm`. */
function withCheck(algorithm: CheckDigitAlgorithm, payload: string): string {
  const check = [...'0123456789'].find((c) => CHECK_DIGITS[algorithm](payload, c));
  return payload + (check ?? '0');
}

/** Valid numbers of the formats people paste most, made with each format's own check digit. */
const NUMBER_MAKERS: readonly ((random: Random) => string)[] = [
  (r) =>
    `${pick(r, ['RB', 'RR', 'EA', 'CP', 'LX'])}${withCheck('s10', digits(r, 8))}${pick(r, ['HK', 'NZ', 'CN', 'GB', 'US'])}`,
  (r) => `1Z${withCheck('ups', `${digits(r, 6)}03${digits(r, 7)}`)}`,
  (r) => withCheck('fedex-mod11', `7${digits(r, 10)}`),
  (r) => withCheck('gs1', `9400${digits(r, 17)}`),
  (r) => `SF${digits(r, 13)}`,
  (r) => withCheck('gs1', `00${digits(r, 17)}`),
  (r) => `TBA${digits(r, 12)}`,
  (r) => `YT${digits(r, 16)}`,
];

/** How people write a number: as is, in groups of four, with dashes, in lower case, in full width. */
const WRITINGS: readonly ((n: string) => string)[] = [
  (n) => n,
  (n) => n,
  (n) => n.replace(/(.{4})(?=.)/g, '$1 '),
  (n) => n.replace(/(.{4})(?=.)/g, '$1-'),
  (n) => n.toLowerCase(),
  (n) => [...n].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join(''),
];

const phone = (r: Random) =>
  pick(r, [
    `+852 ${digits(r, 4)} ${digits(r, 4)}`,
    `1${pick(r, ['3', '5', '8'])}${digits(r, 9)}`,
    `+64 21 ${digits(r, 3)} ${digits(r, 4)}`,
  ]);
const order = (r: Random) => digits(r, 12);

/** Message templates: `{n}` takes a tracking number, other slots take decoys a bot must not track. */
const TEMPLATES: readonly string[] = [
  'Hi, my parcel {n} has not arrived yet, could you check?',
  'Tracking number: {n}',
  '{n}',
  'Order #{order} shipped, tracking {n}. Call {phone} if anything is wrong.',
  'Here are my numbers: {n}, {n} and {n}',
  'Paid HKD {price} on {date}, the tracking is {n}',
  'https://tools.usps.com/go/TrackConfirmAction?tLabels={n}',
  'Meeting ID: {meeting}, no parcel news today',
  'see https://shop.example.com/orders/{order} for the receipt',
  '你好，我的包裹{n}仲未到，可以幫我查下嗎？',
  '順豐單號：{n}，謝謝',
  '訂單號：{order}，單號 {n}',
  '電話：{phone}，運單號{n}',
  '郵件編號：{n}\n寄件日期：{date}',
  'lol ok see you at 7, bring the {price} dollars',
];

/** A deterministic corpus of `count` messages. */
export function chatCorpus(count: number, seed = 2026): ChatMessage[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const expected: string[] = [];
    const text = pick(random, TEMPLATES).replace(/\{(\w+)\}/g, (_, slot: string) => {
      switch (slot) {
        case 'n': {
          const number = pick(random, NUMBER_MAKERS)(random);
          expected.push(number);
          return pick(random, WRITINGS)(number);
        }
        case 'order':
          return order(random);
        case 'phone':
          return phone(random);
        case 'price':
          return `${Math.floor(random() * 2000)}.${digits(random, 2)}`;
        case 'date':
          return `2026-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')} 10:30`;
        case 'meeting':
          return `${digits(random, 3)} ${digits(random, 4)} ${digits(random, 4)}`;
        default:
          return slot;
      }
    });
    return { text, expected: [...new Set(expected)] };
  });
}
