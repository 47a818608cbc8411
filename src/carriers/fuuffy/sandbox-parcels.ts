import { HOUR_MS, type TimelineStep } from '../sandbox-kit/timeline.js';

/**
 * The Fuuffy sandbox's scripted parcels. Each step becomes visible `afterMs` after the sandbox starts
 * (negative: already history at start) and is dated at that moment in Hong Kong wall time, unless it
 * carries the fixed `date` of the seed document. Codes are SF Express route opCodes (status.ts).
 */
interface SandboxRouteStep {
  readonly code: string;
  readonly location: string;
  readonly message: string;
  /** A fixed `YYYY-MM-DD HH:mm:ss` (the seed's own event) instead of the step's time. */
  readonly date?: string;
}

export interface SandboxParcel {
  readonly trackingNumber: string;
  readonly orderId: string;
  /** Another merchant's order: Fuuffy answers 403. */
  readonly otherMerchant?: boolean;
  readonly orderStatus: string;
  readonly exportCountry: string;
  readonly destinationCountry: string;
  readonly steps: readonly TimelineStep<SandboxRouteStep>[];
}

/** seeds/003's response sample: order 3550875, one pickup event in Shenzhen. */
export const SEED_PARCEL = 'SF7444700508450';
export const SEED_ORDER_ID = '3550875';
/** seeds/003's request examples: tracking number SF7444700499701, order id 3550806 (in transit). */
export const SEED_TRACKING_EXAMPLE = 'SF7444700499701';
export const SEED_ORDER_EXAMPLE = '3550806';
/** Label printed, pickup arranged, no courier event yet: status from `order_status`. */
export const LABEL_ONLY = 'SF7444700512344';
export const DELIVERED = 'SF1408420000011';
/** Out for delivery at start; delivered two hours later. */
export const OUT_FOR_DELIVERY = 'SF1408420000022';
/** Refused by the receiver, then returned under a new waybill. */
export const RETURNED = 'SF1408420000033';
/** Hong Kong → mainland China: the same +08:00, different cities, customs at the border. */
export const CROSS_BORDER = 'SF1408420000044';
/** In an SF Hive Box locker at start; collected six hours later. */
export const LOCKER = 'SF1408420000055';
/** A failed delivery attempt at start; delivered the next day. */
export const FAILED_ATTEMPT = 'SF1408420000066';
/** Held by customs at the border. */
export const CUSTOMS_HELD = 'SF1408420000077';
/** Shelved for collection at an SF station. */
export const STATION_PICKUP = 'SF1408420000088';
/** The sender is still preparing the parcel. */
export const PREPARING = 'SF1408420000099';
/** Another merchant's parcel: 403. */
export const OTHER_MERCHANT = 'SF7444700000001';
/** Well-formed but unknown to Fuuffy: 400 ORDER_NOT_FOUND. */
export const UNKNOWN_NUMBER = 'SF7444700999999';

const LABEL_PRINTED = '列印及安排取件';
const PICKED_UP = '顺丰速运 已收取快件';
const SIGNED = '已签收,感谢使用顺丰,期待再次为您服务';
const OUT = '正在派送途中,请您准备签收(派件人:陈先生)';

const step = (hours: number, code: string, location: string, message: string) => ({
  afterMs: hours * HOUR_MS,
  event: { code, location, message },
});

const parcel = (
  trackingNumber: string,
  orderId: string,
  steps: readonly TimelineStep<SandboxRouteStep>[],
  destinationCountry = 'Hong Kong',
): SandboxParcel => ({
  trackingNumber,
  orderId,
  orderStatus: LABEL_PRINTED,
  exportCountry: 'HONG KONG',
  destinationCountry,
  steps,
});

export const SANDBOX_PARCELS: readonly SandboxParcel[] = [
  parcel(SEED_PARCEL, SEED_ORDER_ID, [
    {
      afterMs: 0,
      event: { code: '50', location: '深圳市', message: PICKED_UP, date: '2025-12-09 17:37:09' },
    },
  ]),
  parcel(SEED_TRACKING_EXAMPLE, SEED_ORDER_EXAMPLE, [
    step(-26, '50', '深圳市', PICKED_UP),
    step(-25, '30', '深圳市', '快件在【深圳福田营业点】已装车,准备发往 【深圳华南集散中心】'),
    step(-22, '31', '深圳市', '快件到达 【深圳华南集散中心】'),
    step(-20, '36', '深圳市', '快件已发车'),
    step(2, '31', '香港', '快件到达 【香港中转场】'),
  ]),
  parcel(LABEL_ONLY, '3550990', []),
  parcel(DELIVERED, '3551001', [
    step(-30, '50', '香港', PICKED_UP),
    step(-29, '30', '香港', '快件在【香港观塘营业点】已装车,准备发往 【香港中转场】'),
    step(-27, '31', '香港', '快件到达 【香港中转场】'),
    step(-20, '31', '香港', '快件到达 【香港沙田营业点】'),
    step(-19, '44', '香港', OUT),
    step(-17, '80', '香港', SIGNED),
    step(-16.99, '8000', '香港', '在官网"运单资料&签收图",可查看签收人信息'),
  ]),
  parcel(OUT_FOR_DELIVERY, '3551002', [
    step(-8, '50', '深圳市', PICKED_UP),
    step(-7, '30', '深圳市', '快件在【深圳南山营业点】已装车,准备发往 【香港中转场】'),
    step(-3, '31', '香港', '快件到达 【香港中转场】'),
    step(-1, '44', '香港', OUT),
    step(2, '80', '香港', SIGNED),
  ]),
  parcel(RETURNED, '3551003', [
    step(-72, '50', '香港', PICKED_UP),
    step(-70, '31', '香港', '快件到达 【香港中转场】'),
    step(-48, '44', '香港', OUT),
    step(-46, '70', '香港', '由于收方客户拒收原因 派件不成功'),
    step(-24, '648', '香港', '快件已退回/转寄,新单号为: SF1408420000101'),
  ]),
  parcel(
    CROSS_BORDER,
    '3551004',
    [
      step(-10, '50', '香港', PICKED_UP),
      step(-9, '30', '香港', '快件在【香港荃湾营业点】已装车,准备发往 【深圳皇岗口岸】'),
      step(-6, '605', '深圳市', '快件已抵达口岸【深圳皇岗口岸】'),
      step(-4, '606', '深圳市', '快件清关完成'),
      step(-2, '31', '广州市', '快件到达 【广州白云集散中心】'),
      step(4, '44', '广州市', OUT),
      step(7, '80', '广州市', SIGNED),
    ],
    'CHINA',
  ),
  parcel(LOCKER, '3551005', [
    step(-20, '50', '深圳市', PICKED_UP),
    step(-10, '31', '香港', '快件到达 【香港中转场】'),
    step(-2, '125', '香港', '快件已派送至丰巢智能柜【太古城丰巢柜】,请凭取件码取件'),
    step(6, '128', '香港', '客户已从丰巢智能柜取件'),
  ]),
  parcel(FAILED_ATTEMPT, '3551006', [
    step(-30, '50', '香港', PICKED_UP),
    step(-6, '44', '香港', OUT),
    step(-4, '70', '香港', '由于收方客户不在原因 派件不成功'),
    step(18, '44', '香港', OUT),
    step(20, '80', '香港', SIGNED),
  ]),
  parcel(
    CUSTOMS_HELD,
    '3551007',
    [
      step(-40, '50', '香港', PICKED_UP),
      step(-30, '605', '深圳市', '快件已抵达口岸【深圳皇岗口岸】'),
      step(-28, '18', '深圳市', '快件被海关扣留,请收方配合提供资料'),
    ],
    'CHINA',
  ),
  parcel(STATION_PICKUP, '3551008', [
    step(-20, '50', '香港', PICKED_UP),
    step(-3, '130', '香港', '快件到达 【顺丰站 旺角】'),
    step(-2, '642', '香港', '快件已在【顺丰站 旺角】上架,请凭取件码取件'),
  ]),
  parcel(PREPARING, '3551009', [step(-1, '647', '香港', '寄方准备快件中')]),
  { ...parcel(OTHER_MERCHANT, '3549999', [step(-5, '50', '香港', PICKED_UP)]), otherMerchant: true },
];
