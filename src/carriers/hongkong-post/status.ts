import type { ShipmentStatus } from '../../domain/shipment.js';
import type { Logger } from '../../logger.js';
import { type StatusTable, valuesOfField } from '../status-table.js';
import { ADAPTER_ID } from './status-codes.js';

/**
 * Hongkong Post sends no event or milestone codes, only text (`milestone_e`, `eventMsg_e`, …), so the
 * reviewed table maps its texts. Milestones and event messages share one table: the same words serve both
 * ("Delivered" is the seed's example of each). Texts are compared after {@link canonicalText}.
 *
 * Sources (no public list of Hongkong Post's texts exists; each entry names where its wording was seen):
 * - [seed]     the API document's own examples (seed 000): milestone `Delivered` / 已成功派遞 / 已成功派递,
 *              event `Delivered` / 成功派遞 / 成功派递.
 * - [points]   Hongkong Post's list of Speedpost tracking points,
 *              https://www.hongkongpost.hk/en/sending_mail/international/index.html ("Overview of postal services").
 * - [scraped]  texts scraped from Hongkong Post's tracking pages in public test fixtures (AfterShip's courier
 *              challenge, CP889331175HK / EA999580311HK / RT215770195HK) and scrapers (huutonet's TomisTester).
 * - [unverified] wording we have not seen in a Hongkong Post answer, for states Hongkong Post does report
 *              (notification card for collection: https://www.hongkongpost.hk/en/receiving_mail/sign/index.html;
 *              returns: https://www.hongkongpost.hk/en/faq_support/mail_tracing/q10/index.html). Chinese
 *              milestone texts other than the seed's are our translation of the English tracking points,
 *              so a C/S answer's milestone maps if Hongkong Post words it the same way, else it is logged.
 * Fix or extend an entry when the log reports an unmapped text.
 */
export interface StatusText {
  /** English, as Hongkong Post writes it (`{date}` / `{item}` stand for the variable parts). */
  readonly en: string;
  /** Traditional (`_c`) and Simplified (`_s`) Chinese, where known. */
  readonly zhHant?: string;
  readonly zhHans?: string;
  readonly status: ShipmentStatus;
  readonly source: 'seed' | 'points' | 'scraped' | 'unverified';
}

export const STATUS_TEXTS: readonly StatusText[] = [
  { en: 'Delivered', zhHant: '已成功派遞', zhHans: '已成功派递', status: 'delivered', source: 'seed' },
  { en: 'Delivered', zhHant: '成功派遞', zhHans: '成功派递', status: 'delivered', source: 'seed' },
  { en: 'Posted', zhHant: '已投寄', zhHans: '已投寄', status: 'in_transit', source: 'points' },
  {
    en: 'Process completed for departure',
    zhHant: '已完成出口處理',
    zhHans: '已完成出口处理',
    status: 'in_transit',
    source: 'points',
  },
  {
    en: 'Handed over to carrier',
    zhHant: '已交付運輸商',
    zhHans: '已交付运输商',
    status: 'in_transit',
    source: 'points',
  },
  { en: 'Left for destination', zhHant: '已離港', zhHans: '已离港', status: 'in_transit', source: 'points' },
  {
    en: 'Arrived at processing centre',
    zhHant: '已抵達處理中心',
    zhHans: '已抵达处理中心',
    status: 'in_transit',
    source: 'points',
  },
  {
    en: 'Arrived at delivery office',
    zhHant: '已抵達派遞辦事處',
    zhHans: '已抵达派递办事处',
    status: 'in_transit',
    source: 'points',
  },
  {
    en: 'Presented to customs',
    zhHant: '已交海關',
    zhHans: '已交海关',
    status: 'in_transit',
    source: 'points',
  },
  {
    en: 'Released from customs',
    zhHant: '海關已放行',
    zhHans: '海关已放行',
    status: 'in_transit',
    source: 'points',
  },
  {
    en: 'Unsuccessful delivery',
    zhHant: '派遞不成功',
    zhHans: '派递不成功',
    status: 'failed_attempt',
    source: 'points',
  },
  { en: 'In transit', zhHant: '運送途中', zhHans: '运送途中', status: 'in_transit', source: 'scraped' },
  { en: 'Item posted', status: 'in_transit', source: 'scraped' },
  { en: 'Item posted and is being processed', status: 'in_transit', source: 'scraped' },
  { en: 'Processed for departure', status: 'in_transit', source: 'scraped' },
  { en: 'The item arrived at processing centre', status: 'in_transit', source: 'scraped' },
  { en: 'The item left Hong Kong for its destination on {date}', status: 'in_transit', source: 'scraped' },
  {
    en: 'The item ({item}) left Hong Kong for its destination on {date}',
    status: 'in_transit',
    source: 'scraped',
  },
  { en: 'Arrived', status: 'in_transit', source: 'scraped' },
  { en: 'Arrived and is being processed', status: 'in_transit', source: 'scraped' },
  { en: 'Arrived the delivery office and is being processed', status: 'in_transit', source: 'scraped' },
  {
    en: 'Awaiting collection',
    zhHant: '等候領取',
    zhHans: '等候领取',
    status: 'available_for_pickup',
    source: 'unverified',
  },
  {
    en: 'Returned to sender',
    zhHant: '已退回寄件人',
    zhHans: '已退回寄件人',
    status: 'exception',
    source: 'unverified',
  },
];

/**
 * A text as the table compares it: trimmed, whitespace collapsed, lower case, no final full stop, and the
 * variable parts replaced: an item number in brackets by `({item})`, a date (`19-Dec-2013`, `19-12-2013`)
 * by `{date}`.
 */
export function canonicalText(text: string): string {
  return text
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase()
    .replace(/\(\s*[a-z]{2}\d{9}[a-z]{2}\s*\)/g, '({item})')
    .replace(/\b\d{1,2}-(?:[a-z]{3}|\d{1,2})-\d{4}\b/g, '{date}')
    .replace(/\s*[.。]$/, '');
}

const BY_TEXT: ReadonlyMap<string, ShipmentStatus> = new Map(
  STATUS_TEXTS.flatMap((entry) =>
    [entry.en, entry.zhHant, entry.zhHans]
      .filter((t): t is string => t !== undefined)
      .map((t) => [canonicalText(t), entry.status] as const),
  ),
);

/** The status a Hongkong Post milestone or event text stands for; `undefined` when the table lacks it. */
export function statusOfText(text: string): ShipmentStatus | undefined {
  return BY_TEXT.get(canonicalText(text));
}

const reported = new Set<string>();

/** Logs a text the table lacks, once per text per process (a reviewer then adds it to the table). */
export function reportUnmapped(logger: Logger, kind: 'milestone' | 'event', text: string): void {
  const key = `${kind}\u001f${canonicalText(text)}`;
  if (reported.has(key)) return;
  reported.add(key);
  logger.warn({ adapter: ADAPTER_ID, kind, text }, 'unmapped Hongkong Post status text; shown as unknown');
}

/**
 * The table as the shared status-table test reads it: every text of every entry; what an answer must
 * have mapped is each item's milestone in every language and each event's English message.
 */
export const STATUS_TABLES: readonly StatusTable[] = [
  {
    name: 'milestone and event text',
    entries: STATUS_TEXTS.flatMap((entry) =>
      [entry.en, entry.zhHant, entry.zhHans]
        .filter((text): text is string => text !== undefined)
        .map((text) => [text, entry.status] as const),
    ),
    statusOf: statusOfText,
    codesIn: (answer) =>
      ['milestone_e', 'milestone_c', 'milestone_s', 'eventMsg_e']
        .flatMap((field) => valuesOfField(answer, field))
        .filter((text) => text.trim() !== ''),
  },
];
