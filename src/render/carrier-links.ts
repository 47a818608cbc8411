import { courierCodeOf } from '../carriers/trackingmore/courier-codes.js';
import type { AdapterId, CarrierId } from '../domain/carrier.js';
import type { Locale } from '../domain/locale.js';
import { UNKNOWN_CARRIER } from '../tracking/tracking-service.js';

/** A carrier's public tracking page for one number (already URL-encoded), in the reader's language where it has one. */
type TrackingPage = (number: string, locale: Locale) => string;

/**
 * Carriers' own tracking pages, reviewed against each carrier's site (deep links the page reads on load).
 * Where a carrier serves several languages the reader's is picked. Carriers missing here link to
 * TrackingMore's public page when TrackingMore covers them (`trackingMorePage`).
 */
const TRACKING_PAGES: Readonly<Record<CarrierId, TrackingPage>> = {
  // https://webapp.hongkongpost.hk/en/mail_tracking/index.html (en / tc / sc)
  'hongkong-post': (n, locale) =>
    `https://webapp.hongkongpost.hk/${{ en: 'en', 'zh-HK': 'tc', 'zh-CN': 'sc' }[locale]}/mail_tracking/index.html?trackcode=${n}`,
  // https://www.nzpost.co.nz/tools/tracking
  'nz-post': (n) => `https://www.nzpost.co.nz/tools/tracking?trackid=${n}`,
  // Hong Kong site in English and Traditional Chinese; the mainland site in Simplified Chinese.
  'sf-express': (n, locale) =>
    locale === 'zh-CN'
      ? `https://www.sf-express.com/chn/sc/waybill/waybill-detail/${n}`
      : `https://www.sf-express.com/hk/${locale === 'en' ? 'en' : 'tc'}/dynamic_function/waybill/#search/bill-number/${n}`,
  ups: (n) => `https://www.ups.com/track?tracknum=${n}`,
  fedex: (n) => `https://www.fedex.com/fedextrack/?trknbr=${n}`,
  usps: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}`,
  'dhl-express': (n) =>
    `https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id=${n}`,
  'dhl-ecommerce': (n) =>
    `https://www.dhl.com/global-en/home/tracking/tracking-ecommerce.html?submit=1&tracking-id=${n}`,
  'dhl-parcel-nl': (n) =>
    `https://www.dhl.com/global-en/home/tracking/tracking-parcel.html?submit=1&tracking-id=${n}`,
  'dhl-paket': (n) => `https://www.dhl.de/en/privatkunden/pakete-empfangen/verfolgen.html?piececode=${n}`,
  'royal-mail': (n) => `https://www.royalmail.com/track-your-item#/tracking-results/${n}`,
  'australia-post': (n) => `https://auspost.com.au/mypost/track/details/${n}`,
  'canada-post': (n) => `https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor=${n}`,
  'japan-post': (n) =>
    `https://trackings.post.japanpost.jp/services/srv/search/direct?reqCodeNo1=${n}&searchKind=S002&locale=en`,
  // China Post's international items and China EMS share EMS's tracking site (it asks for a captcha).
  'china-post': (n) => `https://www.ems.com.cn/queryList?mailNum=${n}`,
  'china-ems': (n) => `https://www.ems.com.cn/queryList?mailNum=${n}`,
  yunexpress: (n) => `https://www.yuntrack.com/parcelTracking?id=${n}`,
  cainiao: (n) => `https://global.cainiao.com/detail.htm?mailNoList=${n}`,
  '4px': (n) => `https://track.4px.com/#/result/0/${n}`,
  yanwen: (n, locale) => `https://track.yw56.com.cn/${locale === 'en' ? 'en' : 'cn'}/querydel?nums=${n}`,
  'amazon-logistics': (n) => `https://track.amazon.com/tracking/${n}`,
};

/** TrackingMore's public page for a number, e.g. https://www.trackingmore.com/track/en/LX123456789CN?express=china-ems */
function trackingMorePage(number: string, courierCode: string): string {
  return `https://www.trackingmore.com/track/en/${number}?express=${encodeURIComponent(courierCode)}`;
}

export interface PageQuery {
  readonly carrier: CarrierId | null;
  readonly number: string;
  readonly locale: Locale;
  /** The adapter that answered: a TrackingMore answer may name a courier by TrackingMore's own code. */
  readonly adapter?: AdapterId | null;
  /** TrackingMore's code for the carrier, when detection gave one. */
  readonly courierCode?: string;
}

/** The page where a person can follow this number on the carrier's side, when Postie knows one. */
export function trackingPageUrl(query: PageQuery): string | undefined {
  const { carrier, locale } = query;
  if (carrier === null || carrier === UNKNOWN_CARRIER) return undefined;
  const number = encodeURIComponent(query.number);
  const own = Object.hasOwn(TRACKING_PAGES, carrier) ? TRACKING_PAGES[carrier] : undefined;
  if (own) return own(number, locale);
  const code =
    courierCodeOf(carrier) ?? query.courierCode ?? (query.adapter === 'trackingmore' ? carrier : undefined);
  return code ? trackingMorePage(number, code) : undefined;
}

/** Carriers with a page of their own (for tests and reviews). */
export const CARRIERS_WITH_OWN_PAGE: readonly CarrierId[] = Object.keys(TRACKING_PAGES);
