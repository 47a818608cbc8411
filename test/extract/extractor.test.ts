import { describe, expect, it } from 'vitest';
import { createDetector } from '../../src/detect/detector.js';
import { createExtractor } from '../../src/extract/extractor.js';

const detector = createDetector();
const extractor = createExtractor({ matcher: detector.matcher });
const numbersIn = (text: string) => extractor.extract(text).numbers.map((n) => n.number);

describe('finding tracking numbers in chat text', () => {
  it.each([
    ['written in groups', 'RB 000 000 014 HK', ['RB000000014HK']],
    ['with dashes', '9400-1000-0000-0000-0000-06', ['9400100000000000000006']],
    ['in lower case', 'rb000000014hk', ['RB000000014HK']],
    ['in full-width characters', 'ＲＢ０００００００１４ＨＫ', ['RB000000014HK']],
    ['with an ideographic space', 'ＲＢ０００\u3000０００\u3000０１４ＨＫ', ['RB000000014HK']],
    ['glued to Chinese text', '順豐單號SF7444700499701，謝謝', ['SF7444700499701']],
    ['spelled out one character at a time', 'R B 0 0 0 0 0 0 0 1 4 H K', ['RB000000014HK']],
    [
      'in a comma list',
      'Tracking: RB000000014HK, EA123456785HK,CP000032119NZ',
      ['RB000000014HK', 'EA123456785HK', 'CP000032119NZ'],
    ],
    ['in a Chinese list', '單號：RB000000014HK、EA123456785HK', ['RB000000014HK', 'EA123456785HK']],
    ['several on separate lines', 'RB000000014HK\nEA123456785HK\n', ['RB000000014HK', 'EA123456785HK']],
    ['in HTML', '<td>1Z12345E0205271686</td>', ['1Z12345E0205271686']],
    [
      'in a carrier tracking link',
      'https://tools.usps.com/go/TrackConfirmAction?tLabels=9400100000000000000006',
      ['9400100000000000000006'],
    ],
    ['in a bare carrier link', 'fedex.com/fedextrack/?trknbr=700012345670', ['700012345670']],
    ['in a tracking-site path', 'see https://parcelsapp.com/en/tracking/RB000000014HK.', ['RB000000014HK']],
    ['with a lettered prefix in its own group', 'TBC 123456789012', ['TBC123456789012']],
    ['with a piece suffix after a dash', '1LS7112011456789-1', ['1LS71120114567891']],
    ['after a tracking word', 'tracking 1234567891', ['1234567891']],
    ['alone on a line even when short', '1234567891', ['1234567891']],
    ['as a numbered list item', '1. 1234567891\n2. 9876543213', ['1234567891', '9876543213']],
    ['under a tracking heading', 'Tracking numbers:\n1234567891\n9876543213', ['1234567891', '9876543213']],
    ['after a carrier name', 'DHL 1234567891 thanks', ['1234567891']],
    [
      'shaped like a Chinese mobile number after a tracking word',
      '書留 tracking 13112383852',
      ['13112383852'],
    ],
    [
      'in a forwarded Chinese shop e-mail',
      '您好，您的包裹已由中國郵政寄出，郵件編號：LS912989618CN，訂單編號：2024011512345678。',
      ['LS912989618CN'],
    ],
    ['in a Japanese message', 'お問い合わせ番号 1234-5678-9013 です', ['123456789013']],
    ['with a failed check digit (offered, flagged)', 'my parcel RB000000010HK', ['RB000000010HK']],
    ['next to a stray digit when written compactly', 'RB000000014HK 5 items', ['RB000000014HK']],
    ['as a DHL waybill printed in groups', 'DHL waybill 12 3456 7891', ['1234567891']],
    ['after "tracking reference"', 'tracking reference 4455667788', ['4455667788']],
    [
      'in a CSV column headed tracking_number',
      'tracking_number,carrier\n1Z12345E0205271686,UPS\n700012345670,FedEx',
      ['1Z12345E0205271686', '700012345670'],
    ],
    [
      'in a Markdown table column headed Tracking',
      '| Tracking | Carrier |\n|---|---|\n| 700012345670 | FedEx |',
      ['700012345670'],
    ],
    [
      'in a CSV export with letters under any header',
      'order_id,tracking\n123456789012,RB000000014HK',
      ['RB000000014HK'],
    ],
    ['printed in groups of four, alone on a line', '1234 5678 9013', ['123456789013']],
    [
      'printed in even groups in a list',
      'Here are my numbers: 7000 1234 5670, SF7444700499701',
      ['700012345670', 'SF7444700499701'],
    ],
    [
      'in groups right after 運單號',
      '電話：+852 9123 4567，運單號9400-1000-0000-0000-0000-06',
      ['9400100000000000000006'],
    ],
  ])('finds numbers %s', (_what, text, expected) => {
    expect(numbersIn(text)).toEqual(expected);
  });

  it.each([
    ['Hong Kong phone numbers', 'Call me on 9123 4567 or +852 9123 4567'],
    ['a Chinese mobile number', '我的手機 13812345678，電話 13912345678'],
    ['a bare Chinese mobile number', 'ok 13812345678'],
    ['a New Zealand mobile number', 'text me on +64 21 123 4567 or 021 123 4567'],
    ['a North American phone number, even after a carrier name', 'USPS: 1-800-275-8777, DHL 800 225 5345'],
    ['prices', 'Total HK$1,234.56, paid $123456789012 (USD 98765432109)'],
    ['dates and times', 'Delivered 2024-01-15 10:30, meeting 15/01/2024, 20240115103000'],
    ['order numbers', 'Order #123456789012 confirmed'],
    ['Chinese order numbers', '訂單號：123456789012'],
    ['invoice ids', 'Invoice INV-2024-000123 and invoice INV123456789'],
    ['meeting ids', 'Zoom meeting ID: 123 4567 8901'],
    ['payment serials', 'Transaction ID 4200001234202401151234567890'],
    ['ids in unrelated links', 'https://shop.example.com/orders/123456789012?ref=RB000000014HK'],
    ['ids in bare unrelated links', 'example.com/orders/123456789012'],
    ['e-mail addresses', 'contact john123456789012@example.com'],
    ['a fragment of a longer number', 'Reference 123456789012345678901234567'],
    ['a fragment of a number written in groups', '1234 5678 9012 3456 7'],
    ['a number glued to more characters', 'RB000000014HK123'],
    ['short numbers in prose', 'I have 1234567891 apples'],
    ['placeholder digits', '000000000000'],
    ['a dashed id around a date, after a tracking word', 'parcel CO-20240513-77'],
    ['a dashed id around a date, alone', 'tracking CO-20240513-77'],
    [
      'a CSV timestamp',
      'id,created_at,status\n881,2026-06-05 00:13:22,shipped\n882,2026-06-05 01:02:09,shipped',
    ],
    ['a date and hour after a tracking word', 'shipped 2026-06-05 00'],
    ['a compact date', 'parcel 20240513'],
    ['a reference number', 'ref 4455667788'],
    ['a reference number after a tracking word', 'parcel ref 4455667788'],
    [
      '12-digit order ids in a CSV export',
      'order_id,customer,amount\n123456789012,Alice,49.99\n700012345670,Bob,12.00',
    ],
    ['12-digit ids in a CSV export without a header', 'export:\n1,700012345670,5\n2,123456789012,6'],
    ['a short number joined from pieces after a parcel word', 'parcel 12345 12345'],
    ['a number joined from uneven pieces in prose', 'see 70 0012 345670 now'],
  ])('does not report %s', (_what, text) => {
    expect(numbersIn(text)).toEqual([]);
  });

  it('reports each number as written and where it stands in the message', () => {
    const message = '單號：ＲＢ ０００ ０００ ０１４ ＨＫ 謝謝';
    const [found] = extractor.extract(message).numbers;
    expect(found?.input).toBe('ＲＢ ０００ ０００ ０１４ ＨＫ');
    expect(message.slice(found?.start, found?.end)).toBe(found?.input);
  });

  it('de-duplicates and keeps message order', () => {
    expect(numbersIn('EA123456785HK then RB000000014HK then ea 123456785 hk')).toEqual([
      'EA123456785HK',
      'RB000000014HK',
    ]);
  });

  it('caps the count per message and says so', () => {
    const serials = Array.from({ length: 25 }, (_, i) => String(10_000_000 + i));
    const message = serials.map((s) => `RR${s}${s10Check(s)}GB`).join('\n');
    const capped = createExtractor({ matcher: detector.matcher, maxNumbers: 20 }).extract(message);
    expect(capped.numbers).toHaveLength(20);
    expect(capped.capped).toBe(true);
    expect(extractor.extract('RB000000014HK').capped).toBe(false);
  });

  it('reads hints from the message for ranking', () => {
    const { hints } = extractor.extract('Sent from Auckland: 00393311680005810444');
    expect(hints().regions.has('NZ')).toBe(true);
  });
});

function s10Check(serial: string): number {
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  const sum = [...serial].reduce((acc, d, i) => acc + Number(d) * (weights[i] ?? 0), 0);
  const c = 11 - (sum % 11);
  return c === 10 ? 0 : c === 11 ? 5 : c;
}
