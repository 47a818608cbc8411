import { DAY_MS, HOUR_MS, type TimelineStep } from '../sandbox-kit/timeline.js';

/**
 * The TrackingMore sandbox's scripted parcels. Each checkpoint appears `afterMs` after the sandbox
 * starts (negative: already in the past), dated in the zone of its leg's country; steps are listed
 * oldest first. Together they cover
 * every v2 status (`pending` … `expired`), the seed's own two-leg example, and a trip across zones.
 */
export interface SandboxCheckpoint {
  /** v2 `checkpoint_status`. */
  readonly status: 'transit' | 'pickup' | 'delivered' | 'undelivered' | 'exception';
  /** The carrier's text; `cn` is sent when the request asks for `lang: cn`. */
  readonly text: string | { readonly en: string; readonly cn: string };
  /** Where (v2 `Details`). */
  readonly details?: string | { readonly en: string; readonly cn: string };
}

export interface SandboxParcel {
  readonly number: string;
  /** The item's `carrier_code`: the courier TrackingMore files the number under. */
  readonly courier: string;
  /** Other codes TrackingMore corrects to `courier` (its auto-correction). */
  readonly alsoAnswersTo?: readonly string[];
  readonly originCountry: string;
  readonly destinationCountry: string;
  /** Origin leg (`origin_info`), dated `YYYY-MM-DD HH:mm:ss` in the origin country's zone. */
  readonly origin: readonly TimelineStep<SandboxCheckpoint>[];
  /** Destination leg (`destination_info`), with its own courier, dated `YYYY-MM-DD HH:mm` in its zone. */
  readonly destination?: {
    readonly courier: string;
    readonly steps: readonly TimelineStep<SandboxCheckpoint>[];
  };
  /** Item status while no checkpoint is visible. @defaultValue `notfound` */
  readonly statusWithoutEvents?: 'pending' | 'notfound' | 'expired';
  /**
   * The expected delivery TrackingMore reports (`scheduled_delivery_date`, see `estimate.ts`): from each
   * step's `afterMs` on, the day that many days after the sandbox's start, in the destination's zone.
   */
  readonly scheduled?: readonly TimelineStep<number>[];
  /** Request fields this courier cannot do without (refused with 4012 when missing). */
  readonly requires?: readonly ('tracking_postal_code' | 'destination_code' | 'tracking_ship_date')[];
}

const step = (afterMs: number, event: SandboxCheckpoint): TimelineStep<SandboxCheckpoint> => ({
  afterMs,
  event,
});

/**
 * The seed's example: China EMS to the United States, handed to USPS; delivered a day after the start,
 * its expected delivery brought forward on the way.
 */
export const SEED_PARCEL: SandboxParcel = {
  number: 'LS912989618CN',
  courier: 'china-ems',
  alsoAnswersTo: ['china-post'],
  originCountry: 'China',
  destinationCountry: 'United States',
  origin: [
    step(-10 * DAY_MS, {
      status: 'transit',
      text: {
        en: 'Henan International EMS branch has received the item',
        cn: '中国邮政速递物流股份有限公司河南省国际速递分公司五已收件(揽投员姓名:,联系电话:)',
      },
      details: { en: 'Zhengzhou', cn: '郑州市' },
    }),
    step(-10 * DAY_MS + 4.5 * HOUR_MS, {
      status: 'transit',
      text: { en: 'Departed Zhengzhou for San Francisco', cn: '离开郑州市 发往旧金山' },
      details: { en: 'Zhengzhou', cn: '郑州市' },
    }),
    step(-3 * DAY_MS, {
      status: 'transit',
      text: {
        en: 'Arrived at the processing centre from Zhengzhou, China',
        cn: '到达处理中心,来自中国 郑州',
      },
      details: { en: 'United States', cn: '美国' },
    }),
  ],
  destination: {
    courier: 'usps',
    steps: [
      step(-10 * DAY_MS, { status: 'transit', text: 'Origin Post is Preparing Shipment' }),
      step(-10 * DAY_MS, { status: 'transit', text: 'Acceptance', details: 'CHINA' }),
      step(-10 * DAY_MS + 15 * 60_000, {
        status: 'transit',
        text: 'Processed Through Facility',
        details: 'ZHENGZHOU EMS,CHINA',
      }),
      step(-3 * DAY_MS, {
        status: 'transit',
        text: 'Processed Through Facility',
        details: 'ISC SAN FRANCISCO (USPS)',
      }),
      step(-DAY_MS, {
        status: 'transit',
        text: 'Arrived at USPS Regional Facility',
        details: 'SAN JOSE CA DISTRIBUTION CENTER',
      }),
      step(-2 * HOUR_MS, { status: 'transit', text: 'In Transit to Next Facility' }),
      step(0, {
        status: 'transit',
        text: 'Arrived at USPS Regional Destination Facility',
        details: 'DES MOINES IA NETWORK DISTRIBUTION CENTER',
      }),
      step(DAY_MS, { status: 'pickup', text: 'Out for Delivery', details: 'DES MOINES, IA 50309' }),
      step(DAY_MS + 5 * HOUR_MS, {
        status: 'delivered',
        text: 'Delivered, In/At Mailbox',
        details: 'DES MOINES, IA 50309',
      }),
    ],
  },
  // Expected in two days, then, once it reached Des Moines, brought forward to the next day.
  scheduled: [
    { afterMs: -10 * DAY_MS, event: 2 },
    { afterMs: 6 * HOUR_MS, event: 1 },
  ],
};

export const UPS_DELIVERED: SandboxParcel = {
  number: '1Z999AA10123456784',
  courier: 'ups',
  originCountry: 'United States',
  destinationCountry: 'United States',
  origin: [
    step(-2 * DAY_MS, { status: 'transit', text: 'Origin Scan', details: 'LOUISVILLE, KY, US' }),
    step(-DAY_MS, { status: 'transit', text: 'Departed from Facility', details: 'LOUISVILLE, KY, US' }),
    step(-6 * HOUR_MS, { status: 'pickup', text: 'Out For Delivery Today', details: 'NEW YORK, NY, US' }),
    step(-HOUR_MS, { status: 'delivered', text: 'Delivered', details: 'NEW YORK, NY, US' }),
  ],
};

/** Out for delivery at the start, delivered four hours later. */
export const FEDEX_OUT_FOR_DELIVERY: SandboxParcel = {
  number: '794800000016',
  courier: 'fedex',
  originCountry: 'United States',
  destinationCountry: 'United States',
  origin: [
    step(-DAY_MS, { status: 'transit', text: 'Picked up', details: 'MEMPHIS, TN' }),
    step(-12 * HOUR_MS, { status: 'transit', text: 'Arrived at FedEx location', details: 'NEW YORK, NY' }),
    step(-HOUR_MS, { status: 'pickup', text: 'On FedEx vehicle for delivery', details: 'NEW YORK, NY' }),
    step(4 * HOUR_MS, { status: 'delivered', text: 'Delivered', details: 'NEW YORK, NY' }),
  ],
};

/** Held at customs on the way to Hong Kong, then returned. */
export const ROYAL_MAIL_EXCEPTION: SandboxParcel = {
  number: 'RR123456785GB',
  courier: 'royal-mail',
  originCountry: 'United Kingdom',
  destinationCountry: 'Hong Kong',
  origin: [
    step(-5 * DAY_MS, { status: 'transit', text: 'Item received', details: 'SWINDON MAIL CENTRE' }),
    step(-4 * DAY_MS, {
      status: 'transit',
      text: 'Item despatched to Hong Kong',
      details: 'HEATHROW WORLDWIDE DC',
    }),
    step(-DAY_MS, { status: 'exception', text: 'Item held by customs in the destination country' }),
    step(3 * DAY_MS, {
      status: 'exception',
      text: 'Item being returned to sender',
      details: 'HEATHROW WORLDWIDE DC',
    }),
  ],
};

/** Pending at the start; the first scan shows up six hours later. */
const YUNEXPRESS_PENDING: SandboxParcel = {
  number: 'YT2312345678901234',
  courier: 'yunexpress',
  originCountry: 'China',
  destinationCountry: 'Germany',
  statusWithoutEvents: 'pending',
  origin: [
    step(6 * HOUR_MS, { status: 'transit', text: 'Shipment information received', details: 'SHENZHEN' }),
  ],
};

/** TrackingMore has no record of it (any number the sandbox does not script answers the same way). */
const CHINA_POST_NOT_FOUND: SandboxParcel = {
  number: 'LX000000005CN',
  courier: 'china-post',
  originCountry: 'China',
  destinationCountry: 'United States',
  origin: [],
};

/** Too old: TrackingMore no longer keeps its history. */
const CHINA_POST_EXPIRED: SandboxParcel = {
  number: 'LY123456785CN',
  courier: 'china-post',
  originCountry: 'China',
  destinationCountry: 'Canada',
  statusWithoutEvents: 'expired',
  origin: [],
};

/** A failed delivery attempt in Sydney. */
export const DHL_FAILED_ATTEMPT: SandboxParcel = {
  number: '3318810025',
  courier: 'dhl',
  originCountry: 'Germany',
  destinationCountry: 'Australia',
  origin: [
    step(-3 * DAY_MS, { status: 'transit', text: 'Shipment picked up', details: 'LEIPZIG - GERMANY' }),
    step(-DAY_MS, { status: 'transit', text: 'Arrived at Delivery Facility', details: 'SYDNEY - AUSTRALIA' }),
    step(-3 * HOUR_MS, {
      status: 'undelivered',
      text: 'Delivery attempted; recipient not available',
      details: 'SYDNEY - AUSTRALIA',
    }),
  ],
};

/** Waiting at a post office: v2 `pickup` whose text says collection. */
const AUSPOST_READY_FOR_PICKUP: SandboxParcel = {
  number: 'CP123456785AU',
  courier: 'australia-post',
  originCountry: 'Australia',
  destinationCountry: 'Australia',
  origin: [
    step(-2 * DAY_MS, { status: 'transit', text: 'Received by Australia Post', details: 'MELBOURNE VIC' }),
    step(-4 * HOUR_MS, {
      status: 'pickup',
      text: 'Awaiting collection at Post Office',
      details: 'SYDNEY NSW',
    }),
  ],
};

/** PostNL 3S numbers need the receiver's postal code (seed 004: `tracking_postal_code`). */
export const POSTNL_NEEDS_POSTAL_CODE: SandboxParcel = {
  number: '3SABCD0123456',
  courier: 'postnl-parcels',
  originCountry: 'Netherlands',
  destinationCountry: 'Netherlands',
  requires: ['tracking_postal_code'],
  origin: [step(-DAY_MS, { status: 'transit', text: 'Shipment sorted', details: 'NIEUWEGEIN' })],
};

export const TRACKINGMORE_SANDBOX_PARCELS: readonly SandboxParcel[] = [
  SEED_PARCEL,
  UPS_DELIVERED,
  FEDEX_OUT_FOR_DELIVERY,
  ROYAL_MAIL_EXCEPTION,
  YUNEXPRESS_PENDING,
  CHINA_POST_NOT_FOUND,
  CHINA_POST_EXPIRED,
  DHL_FAILED_ATTEMPT,
  AUSPOST_READY_FOR_PICKUP,
  POSTNL_NEEDS_POSTAL_CODE,
];
