import type { FormatRule } from '../format-rule.js';

/**
 * Mainland China's domestic couriers. None publishes a check digit, so a bare all-digit waybill is
 * taken after a tracking word or the courier's name (京东, 德邦, 中通, 圆通, 申通, 韵达, 极兔, 邮政),
 * and ranked among the other 12–15-digit formats by the words around it (`rank.ts`).
 */
export const chinaDomesticRules: readonly FormatRule[] = [
  {
    id: 'jd-logistics',
    name: 'JD Logistics waybill (JD, JDV, JDX + digits)',
    lengths: [15],
    // JD + 13 digits, or JDV / JDX / JDK + 12 digits: 15 characters in all.
    pattern: /^JD(?:\d{13}|[VXK]\d{12})$/,
    carriers: ['jd-logistics'],
    specificity: 3,
    source:
      'JD Logistics (京东物流) waybill numbers as printed on its labels and tracking page (https://www.jdl.com/trackingQuery); JDV example JDV013104061328 from a public courier-query API document',
    examples: {
      valid: ['JDV013104061328', 'JD0123456789012', 'JDX000123456789'],
      invalid: ['JDV01310406132', 'JDZ013104061328', 'JD012345678901'],
    },
  },
  {
    id: 'deppon',
    name: 'Deppon Express waybill (DPK + digits)',
    lengths: [12, 13, 14, 15],
    pattern: /^DPK\d{9,12}$/,
    carriers: ['deppon'],
    specificity: 3,
    source:
      'Deppon Express (德邦快递) waybills "DPK" + digits (https://www.deppon.com/newwebsite/track/ordertrack)',
    examples: { valid: ['DPK210123456789', 'DPK123456789'], invalid: ['DPX210123456789', 'DPK12345678'] },
  },
  {
    id: 'yto-express',
    name: 'YTO Express YT number',
    lengths: [15],
    pattern: /^YT\d{13}$/,
    carriers: ['yto-express'],
    specificity: 2,
    source: 'YTO Express waybills "YT" + 13 digits (https://www.yto.net.cn/)',
    examples: { valid: ['YT1234567890123'], invalid: ['YT123456789012'] },
  },
  {
    id: 'jt-express-cn',
    name: 'J&T Express (China) JT number',
    lengths: [15],
    pattern: /^JT\d{13}$/,
    carriers: ['jt-express'],
    specificity: 2,
    source: 'J&T Express China waybills "JT" + 13 digits (https://www.jtexpress.com.cn/)',
    examples: { valid: ['JT1234567890123'], invalid: ['JT12345678901'] },
  },
  {
    id: 'zto-express',
    name: 'ZTO Express 14-digit waybill',
    lengths: [14],
    pattern: /^7[3-68]\d{12}$/,
    carriers: ['zto-express'],
    // One fixed digit and a digit class: too little to rank ZTO above other 14-digit formats outside
    // Chinese text (where the region puts it first).
    specificity: 0,
    source: 'ZTO Express waybills (https://www.zto.com/)',
    examples: { valid: ['73100000000001'], invalid: ['77100000000001'] },
  },
  {
    id: 'sto-express',
    name: 'STO Express 15-digit waybill',
    lengths: [15],
    pattern: /^77\d{13}$/,
    carriers: ['sto-express'],
    specificity: 2,
    source: 'STO Express waybills (https://www.sto.cn/)',
    examples: { valid: ['773000000000001'], invalid: ['763000000000001'] },
  },
  {
    id: 'yunda',
    name: 'Yunda Express waybill',
    lengths: [13, 15],
    pattern: /^(?:[34]\d{14}|5\d{12})$/,
    carriers: ['yunda'],
    specificity: 1,
    source: 'Yunda Express waybills (https://www.yundaex.com/)',
    examples: { valid: ['312345678901234', '5123456789012'], invalid: ['612345678901234'] },
  },
  {
    id: 'china-post-domestic',
    name: 'China Post / EMS domestic 13-digit',
    lengths: [13],
    // EMS domestic waybills (国内特快专递) start with 1; China Post's domestic parcels (邮政包裹) with 9 or 8.
    pattern: /^(?<lead>[189])\d{12}$/,
    carriers: ({ lead }) => (lead === '1' ? ['china-ems', 'china-post'] : ['china-post', 'china-ems']),
    specificity: 1,
    source:
      'China Post domestic parcels (邮政包裹) and EMS domestic (国内特快专递) 13-digit waybills (https://www.ems.com.cn/)',
    examples: { valid: ['9812345678901', '1123456789012'], invalid: ['2123456789012'] },
  },
];
