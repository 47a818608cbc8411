import { CHECK_DIGITS } from '../../detect/check-digits.js';
import { DAY_MS, HOUR_MS } from '../sandbox-kit/timeline.js';

/**
 * The Hongkong Post sandbox's scripted parcels. Each step happens `afterMs` after the sandbox starts
 * (negative: before it) and is visible from then on, so moving the clock moves the parcel. Together they
 * cover every status of the reviewed text table (`status.ts`) and every per-item code of Appendix A.
 * Numbers carry valid S10 check digits unless said otherwise.
 */

/** One text in Hongkong Post's three languages; `{date}` becomes the step's local date (`19-Dec-2013`). */
export interface Texts {
  readonly e: string;
  readonly c: string;
  readonly s: string;
}

export interface ParcelStep {
  readonly afterMs: number;
  /** ISO country of the event (`eventLocation_code`): its time is written in that country's zone. */
  readonly country: string;
  readonly message: Texts;
  /** The item's milestone once this step is visible. */
  readonly milestone: Texts;
}

export type ScriptedParcel =
  | {
      readonly kind: 'tracked';
      readonly itemNo: string;
      readonly origin: string;
      readonly destination: string;
      readonly dropOffPoint: Texts;
      readonly steps: readonly ParcelStep[];
    }
  /** Answered with this per-item code whatever the time. */
  | { readonly kind: 'refused'; readonly itemNo: string; readonly status: 1001 | 1003 | 1004 };

/** Country names as `orgCnty_*`, `destCnty_*` and `eventLocation_*` give them (seed example: `HONG KONG`). */
export const COUNTRY_NAMES: Readonly<Record<string, Texts>> = {
  HK: { e: 'HONG KONG', c: '香港', s: '香港' },
  GB: { e: 'UNITED KINGDOM', c: '英國', s: '英国' },
  US: { e: 'UNITED STATES OF AMERICA', c: '美國', s: '美国' },
};

const t = (e: string, c: string, s: string): Texts => ({ e, c, s });

/** Milestones (the seed's `Delivered` and Hongkong Post's tracking points). */
const M = {
  posted: t('Posted', '已投寄', '已投寄'),
  departure: t('Process completed for departure', '已完成出口處理', '已完成出口处理'),
  left: t('Left for destination', '已離港', '已离港'),
  inTransit: t('In transit', '運送途中', '运送途中'),
  processing: t('Arrived at processing centre', '已抵達處理中心', '已抵达处理中心'),
  customs: t('Presented to customs', '已交海關', '已交海关'),
  released: t('Released from customs', '海關已放行', '海关已放行'),
  office: t('Arrived at delivery office', '已抵達派遞辦事處', '已抵达派递办事处'),
  unsuccessful: t('Unsuccessful delivery', '派遞不成功', '派递不成功'),
  awaiting: t('Awaiting collection', '等候領取', '等候领取'),
  returned: t('Returned to sender', '已退回寄件人', '已退回寄件人'),
  delivered: t('Delivered', '已成功派遞', '已成功派递'),
};

/** Event messages; the Chinese of all but the seed's `成功派遞` is the sandbox's own. */
const E = {
  posted: t('Item posted.', '郵件已投寄。', '邮件已投寄。'),
  inTransit: t('In transit.', '運送途中。', '运送途中。'),
  departure: t('Processed for departure.', '已處理待出口。', '已处理待出口。'),
  left: t(
    'The item left Hong Kong for its destination on {date}',
    '郵件已於{date}離開香港前往目的地',
    '邮件已于{date}离开香港前往目的地',
  ),
  arrived: t('Arrived and is being processed.', '已抵達並正在處理。', '已抵达并正在处理。'),
  customs: t('Presented to customs', '已交海關', '已交海关'),
  released: t('Released from customs', '海關已放行', '海关已放行'),
  office: t(
    'Arrived the delivery office and is being processed.',
    '已抵達派遞辦事處。',
    '已抵达派递办事处。',
  ),
  unsuccessful: t('Unsuccessful delivery', '派遞不成功', '派递不成功'),
  awaiting: t('Awaiting collection', '等候領取', '等候领取'),
  returned: t('Returned to sender', '已退回寄件人', '已退回寄件人'),
  delivered: t('Delivered', '成功派遞', '成功派递'),
};

const step = (afterMs: number, country: string, message: Texts, milestone: Texts): ParcelStep => ({
  afterMs,
  country,
  message,
  milestone,
});

const QUEENS_ROAD = t("Queen's Road Post Office", '皇后大道郵政局', '皇后大道邮政局');
const GPO = t('General Post Office', '郵政總局', '邮政总局');

/** The seed's example: a local registered item posted at Queen's Road Post Office, delivered. */
export const SEED_DELIVERED = 'RB000000014HK';
/** The seed's own example number, whose S10 check digit fails: answered 1002. */
export const SEED_INVALID = 'RB000000010HK';
/** Speedpost (EMS) to the United Kingdom: leaves Hong Kong before the start, arrives and is delivered after. */
export const EMS_TO_UK = 'EA000001006HK';
/** A local parcel: a failed delivery an hour after the start, awaiting collection an hour later. */
export const PARCEL_AWAITING_COLLECTION = 'CP000002001HK';
/** Registered mail to the United States, returned to the sender. */
export const RETURNED_TO_SENDER = 'RR000003007HK';
/**
 * Registered mail to the United States that stops in transit abroad: it arrives at the processing centre
 * there two days before the start and is never scanned again (the demo's stalled parcel: `/advance 8d`).
 */
export const STALLED_ABROAD = 'RR000007009HK';
/** Answered 1003: the tracking period has expired. */
export const EXPIRED = 'RC000004002HK';
/** Answered 1004: not allowed to enquire. */
export const NOT_ALLOWED = 'RD000005008HK';
/** A valid number Hongkong Post has no record of: answered 1001 (as is every unscripted valid number). */
export const NO_RECORD = 'RE000006003HK';

/** A valid S10 number `<prefix><serial><check>HK`. */
function s10Number(prefix: string, serial: number): string {
  const payload = String(serial).padStart(8, '0');
  const check = [...'0123456789'].find((digit) => CHECK_DIGITS.s10(payload, digit)) ?? '0';
  return `${prefix}${payload}${check}HK`;
}

/** Thirty delivered local items: one full request's worth (`LP10000001…HK` onwards). */
export const BULK_NUMBERS: readonly string[] = Array.from({ length: 30 }, (_, i) =>
  s10Number('LP', 10_000_001 + i),
);

const local = (itemNo: string, dropOffPoint: Texts, steps: readonly ParcelStep[]): ScriptedParcel => ({
  kind: 'tracked',
  itemNo,
  origin: 'HK',
  destination: 'HK',
  dropOffPoint,
  steps,
});

export const SANDBOX_PARCELS: readonly ScriptedParcel[] = [
  local(SEED_DELIVERED, QUEENS_ROAD, [
    step(-3 * DAY_MS, 'HK', E.posted, M.posted),
    step(-3 * DAY_MS + 2 * HOUR_MS, 'HK', E.inTransit, M.inTransit),
    step(-2 * DAY_MS, 'HK', E.office, M.office),
    step(-2 * DAY_MS + 3 * HOUR_MS, 'HK', E.delivered, M.delivered),
  ]),
  {
    kind: 'tracked',
    itemNo: EMS_TO_UK,
    origin: 'HK',
    destination: 'GB',
    dropOffPoint: GPO,
    steps: [
      step(-DAY_MS, 'HK', E.posted, M.posted),
      step(-20 * HOUR_MS, 'HK', E.departure, M.departure),
      step(-12 * HOUR_MS, 'HK', E.left, M.left),
      step(12 * HOUR_MS, 'GB', E.arrived, M.processing),
      step(14 * HOUR_MS, 'GB', E.customs, M.customs),
      step(20 * HOUR_MS, 'GB', E.released, M.released),
      step(DAY_MS, 'GB', E.office, M.office),
      step(DAY_MS + 6 * HOUR_MS, 'GB', E.delivered, M.delivered),
    ],
  },
  local(PARCEL_AWAITING_COLLECTION, GPO, [
    step(-2 * DAY_MS, 'HK', E.posted, M.posted),
    step(-DAY_MS, 'HK', E.inTransit, M.inTransit),
    step(-6 * HOUR_MS, 'HK', E.office, M.office),
    step(HOUR_MS, 'HK', E.unsuccessful, M.unsuccessful),
    step(2 * HOUR_MS, 'HK', E.awaiting, M.awaiting),
  ]),
  {
    kind: 'tracked',
    itemNo: RETURNED_TO_SENDER,
    origin: 'HK',
    destination: 'US',
    dropOffPoint: QUEENS_ROAD,
    steps: [
      step(-20 * DAY_MS, 'HK', E.posted, M.posted),
      step(-19 * DAY_MS, 'HK', E.left, M.left),
      step(-15 * DAY_MS, 'US', E.arrived, M.processing),
      step(-12 * DAY_MS, 'US', E.unsuccessful, M.unsuccessful),
      step(-5 * DAY_MS, 'US', E.returned, M.returned),
    ],
  },
  {
    kind: 'tracked',
    itemNo: STALLED_ABROAD,
    origin: 'HK',
    destination: 'US',
    dropOffPoint: GPO,
    steps: [
      step(-4 * DAY_MS, 'HK', E.posted, M.posted),
      step(-4 * DAY_MS + 6 * HOUR_MS, 'HK', E.departure, M.departure),
      step(-3 * DAY_MS, 'HK', E.left, M.left),
      step(-2 * DAY_MS, 'US', E.arrived, M.processing),
    ],
  },
  { kind: 'refused', itemNo: EXPIRED, status: 1003 },
  { kind: 'refused', itemNo: NOT_ALLOWED, status: 1004 },
  { kind: 'refused', itemNo: NO_RECORD, status: 1001 },
  ...BULK_NUMBERS.map((itemNo, i) =>
    local(itemNo, GPO, [
      step(-2 * DAY_MS - i * HOUR_MS, 'HK', E.posted, M.posted),
      step(-DAY_MS, 'HK', E.delivered, M.delivered),
    ]),
  ),
];

/** The texts above, for answering from a story instead of the script (`sandbox-story.ts`). */
export const STORY_TEXTS = { milestones: M, messages: E, dropOffPoint: GPO };
