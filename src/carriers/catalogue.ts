import type { CarrierId } from '../domain/carrier.js';
import { allPostalOperators } from './postal-operators.js';

/**
 * Who moves parcels: display name, home regions, and the words people use for them in chat. Regions are
 * ISO 3166-1 alpha-2 codes plus the scripts `zh`, `ja`, `ko` (text in that script hints at that region).
 * Postal operators not listed here come from `postal-operators.ts` with their country as region and no
 * chat names (their official names are rarely written in chat, and never alone).
 */
export interface Carrier {
  readonly id: CarrierId;
  readonly name: string;
  readonly regions: readonly string[];
  /** Names written in chat (matched case-insensitively as whole words; CJK names as substrings). */
  readonly aliases: readonly string[];
  /**
   * Where a receiver asks about a parcel that stopped moving (the carrier's enquiry or contact page, as
   * its site names it; the URL is cited where it is set). A stall alert points there; carriers without
   * one point to their tracking page (`render/carrier-links.ts`).
   */
  readonly contactPage?: string;
}

const notable: readonly Carrier[] = [
  {
    id: 'hongkong-post',
    name: 'Hongkong Post',
    regions: ['HK', 'zh'],
    aliases: ['hongkong post', 'hong kong post', 'hkpost', 'speedpost', '香港郵政', '香港邮政'],
    // Hongkong Post's mail tracing FAQ: when and how to make an enquiry on an item (its enquiry hotline
    // is 2921 2222, as its press releases give it).
    contactPage: 'https://www.hongkongpost.hk/en/faq_support/mail_tracing/q3/index.html',
  },
  {
    id: 'nz-post',
    name: 'NZ Post',
    regions: ['NZ'],
    aliases: ['nz post', 'nzpost', 'new zealand post', 'parcelpost'],
    // NZ Post's "Help with your parcel enquiry": delivery targets, then the parcel enquiry form.
    contactPage: 'https://www.nzpost.co.nz/personal/receiving/parcel-enquiry-support',
  },
  { id: 'courierpost', name: 'CourierPost', regions: ['NZ'], aliases: ['courierpost', 'courier post'] },
  {
    id: 'sf-express',
    name: 'SF Express',
    regions: ['CN', 'HK', 'TW', 'MO', 'zh'],
    aliases: ['sf express', 'sf', 'sfexpress', '順豐', '顺丰'],
  },
  {
    id: 'china-post',
    name: 'China Post',
    regions: ['CN', 'zh'],
    aliases: ['china post', '中國郵政', '中国邮政', '邮政', '郵政', '邮政包裹'],
  },
  {
    id: 'china-ems',
    name: 'China EMS',
    regions: ['CN', 'zh'],
    aliases: ['ems', '中國郵政速遞', '中国邮政速递', '郵政特快', '邮政特快'],
  },
  {
    id: 'chunghwa-post',
    name: 'Chunghwa Post',
    regions: ['TW', 'zh'],
    aliases: ['chunghwa post', 'taiwan post', '中華郵政'],
  },
  {
    id: 'macau-post',
    name: 'Macau Post',
    regions: ['MO', 'zh'],
    aliases: ['macau post', 'macao post', 'ctt macau', '澳門郵政', '澳门邮政'],
  },
  {
    id: 'cainiao',
    name: 'Cainiao',
    regions: ['CN', 'zh'],
    aliases: ['cainiao', 'aliexpress', '菜鳥', '菜鸟'],
  },
  {
    id: 'yunexpress',
    name: 'YunExpress',
    regions: ['CN', 'zh'],
    aliases: ['yunexpress', 'yun express', '雲途', '云途'],
  },
  { id: '4px', name: '4PX', regions: ['CN', 'zh'], aliases: ['4px', '遞四方', '递四方'] },
  { id: 'yanwen', name: 'Yanwen', regions: ['CN', 'zh'], aliases: ['yanwen', '燕文'] },
  {
    id: 'jt-express',
    name: 'J&T Express',
    regions: ['CN', 'ID', 'MY', 'PH', 'TH', 'VN', 'SG', 'zh'],
    aliases: ['j&t', 'jnt', 'j&t express', '極兔', '极兔'],
  },
  {
    id: 'jd-logistics',
    name: 'JD Logistics',
    regions: ['CN', 'zh'],
    aliases: ['jd logistics', 'jd express', 'jdl', '京东', '京東', '京东物流', '京东快递', '京東物流'],
  },
  { id: 'deppon', name: 'Deppon Express', regions: ['CN', 'zh'], aliases: ['deppon', '德邦', '德邦快递'] },
  { id: 'zto-express', name: 'ZTO Express', regions: ['CN', 'zh'], aliases: ['zto', '中通'] },
  { id: 'yto-express', name: 'YTO Express', regions: ['CN', 'zh'], aliases: ['yto', '圓通', '圆通'] },
  { id: 'sto-express', name: 'STO Express', regions: ['CN', 'zh'], aliases: ['sto express', '申通'] },
  { id: 'yunda', name: 'Yunda Express', regions: ['CN', 'zh'], aliases: ['yunda', '韻達', '韵达'] },
  {
    id: 'japan-post',
    name: 'Japan Post',
    regions: ['JP', 'ja'],
    aliases: ['japan post', 'yu-pack', '日本郵便', 'ゆうパック'],
  },
  {
    id: 'yamato',
    name: 'Yamato Transport',
    regions: ['JP', 'ja'],
    aliases: ['yamato', 'kuroneko', 'ta-q-bin', 'ヤマト', '宅急便', '黑貓', '黑猫'],
  },
  { id: 'sagawa', name: 'Sagawa Express', regions: ['JP', 'ja'], aliases: ['sagawa', '佐川'] },
  { id: 'ups', name: 'UPS', regions: ['US'], aliases: ['ups'] },
  { id: 'fedex', name: 'FedEx', regions: ['US'], aliases: ['fedex', 'fed ex', '聯邦快遞', '联邦快递'] },
  {
    id: 'usps',
    name: 'USPS',
    regions: ['US'],
    aliases: ['usps', 'us postal service', 'united states postal service'],
    // USPS's Missing Mail search request, for mail "lost, delayed, or missing for 7 days or more".
    contactPage: 'https://missingmail.usps.com/',
  },
  { id: 'dhl-express', name: 'DHL Express', regions: [], aliases: ['dhl', 'dhl express'] },
  {
    id: 'dhl-ecommerce',
    name: 'DHL eCommerce',
    regions: ['US'],
    aliases: ['dhl ecommerce', 'dhl global mail'],
  },
  { id: 'dhl-paket', name: 'DHL Paket', regions: ['DE'], aliases: ['dhl paket'] },
  { id: 'dhl-parcel-nl', name: 'DHL Parcel', regions: ['NL', 'BE'], aliases: ['dhl parcel'] },
  {
    id: 'amazon-logistics',
    name: 'Amazon Logistics',
    regions: ['US', 'CA', 'MX'],
    aliases: ['amazon', 'amazon logistics', 'amazon shipping'],
  },
  { id: 'ontrac', name: 'OnTrac', regions: ['US'], aliases: ['ontrac'] },
  { id: 'lasership', name: 'LaserShip', regions: ['US'], aliases: ['lasership'] },
  {
    id: 'old-dominion',
    name: 'Old Dominion Freight Line',
    regions: ['US'],
    aliases: ['old dominion', 'odfl'],
  },
  { id: 'spee-dee', name: 'Spee-Dee Delivery', regions: ['US'], aliases: ['spee-dee', 'speedee'] },
  { id: 'gofo-express', name: 'GOFO Express', regions: ['US'], aliases: ['gofo'] },
  { id: 'landmark-global', name: 'Landmark Global', regions: [], aliases: ['landmark global'] },
  { id: 'canada-post', name: 'Canada Post', regions: ['CA'], aliases: ['canada post', 'postes canada'] },
  { id: 'purolator', name: 'Purolator', regions: ['CA'], aliases: ['purolator'] },
  { id: 'canpar', name: 'Canpar Express', regions: ['CA'], aliases: ['canpar'] },
  { id: 'royal-mail', name: 'Royal Mail', regions: ['GB'], aliases: ['royal mail'] },
  { id: 'parcelforce', name: 'Parcelforce Worldwide', regions: ['GB'], aliases: ['parcelforce'] },
  { id: 'evri', name: 'Evri', regions: ['GB'], aliases: ['evri', 'hermes'] },
  { id: 'yodel', name: 'Yodel', regions: ['GB'], aliases: ['yodel'] },
  { id: 'dpd', name: 'DPD', regions: ['DE', 'GB', 'FR', 'NL', 'BE', 'PL', 'IE'], aliases: ['dpd'] },
  { id: 'gls', name: 'GLS', regions: ['DE', 'NL', 'IT', 'FR', 'ES'], aliases: ['gls'] },
  { id: 'postnl', name: 'PostNL', regions: ['NL'], aliases: ['postnl'] },
  { id: 'correos', name: 'Correos', regions: ['ES'], aliases: ['correos'] },
  { id: 'australia-post', name: 'Australia Post', regions: ['AU'], aliases: ['australia post', 'auspost'] },
  { id: 'startrack', name: 'StarTrack', regions: ['AU'], aliases: ['startrack', 'star track'] },
  { id: 'aramex', name: 'Aramex', regions: ['AE', 'SA', 'JO'], aliases: ['aramex'] },
];

const byId = new Map<CarrierId, Carrier>();
for (const operator of allPostalOperators()) {
  const known = byId.get(operator.carrier);
  byId.set(operator.carrier, {
    id: operator.carrier,
    name: operator.name,
    regions: [...(known?.regions ?? []), operator.countryCode],
    aliases: [],
  });
}
for (const carrier of notable) {
  const postal = byId.get(carrier.id);
  byId.set(
    carrier.id,
    postal ? { ...carrier, regions: [...new Set([...postal.regions, ...carrier.regions])] } : carrier,
  );
}

export function carrierInfo(id: CarrierId): Carrier | undefined {
  return byId.get(id);
}

/** Carriers people name in chat, with the names they use (postal operators of other countries are not among them). */
export function notableCarriers(): readonly Carrier[] {
  return notable;
}

export function allCarriers(): readonly Carrier[] {
  return [...byId.values()];
}
