import type { ShipmentStatus } from '../../domain/shipment.js';
import type { Logger } from '../../logger.js';
import { recordTable, type StatusTable, valuesOfField } from '../status-table.js';

/**
 * SF Express route operation codes (`opCode`, Fuuffy's `tracking_msg_list[].code`) → ShipmentStatus.
 *
 * Sources (reviewed; SF's own list sits behind the open platform login, https://open.sf-express.com,
 * route query EXP_RECE_SEARCH_ROUTES):
 * - The opCode/opName table from the SF open platform as copied into public integrations (a Go client,
 *   `sf.go`: "操作码(opCode) 操作名称(opName) … 50 顺丰已收件 … 70 由于XXX原因 派件不成功 … 80 已签收 …
 *   8000 在官网"运单资料&签收图",可查看签收人信息"), and the Java `ShunfengOpCode` constants of kdks
 *   (`net.kdks.constant`: 33 EXCEPTION, 70 FAILED, 99 FORWARD, 648 BACK …).
 * - eagle1-sys/whereis-api-v0 `sfex.ts` (BSD-3): 50/54 received by carrier; 30/31/36/105/106/310 in
 *   transit; 44 and 204 final delivery; 80 delivered.
 * - Real SF route answers quoted in public code (opcodes 54 → 50 → 30 → 36 → 31 → 44 → 204 → 80 → 8000).
 * Postie has no "picked up" status: a parcel the courier holds is `in_transit`. Codes not listed here
 * are `unknown` (logged once), never guessed.
 */
export const SF_ROUTE_STATUS: Readonly<Record<string, ShipmentStatus>> = {
  '647': 'info_received', // 寄方准备快件中: the sender is preparing the parcel
  '50': 'in_transit', // 顺丰已收件: picked up by SF
  '54': 'in_transit', // 上门收件: collected at the sender's door
  '607': 'in_transit', // 代理收件: collected by an agent
  '655': 'in_transit', // 合作点收件: accepted at a partner point
  '656': 'in_transit', // 合作点交接给顺丰: partner point handed over to SF
  '43': 'in_transit', // 收件入仓: into the warehouse after collection
  '30': 'in_transit', // 快件在【…】已装车,准备发往【…】: loaded, leaving for the next site
  '31': 'in_transit', // 快件到达【…】: arrived at a site
  '36': 'in_transit', // 封车操作 / 快件已发车: vehicle sealed and departed
  '3036': 'in_transit', // 快件在XXX,准备送往下一站: on to the next site
  '302': 'in_transit', // 车辆发车: vehicle departed
  '304': 'in_transit', // 离开经停点: left a stop-over
  '10': 'in_transit', // 办事处/中转/海关/机场发车: departed
  '11': 'in_transit', // 办事处/中转/海关/机场到车: arrived
  '105': 'in_transit', // 航空起飞: flight departed
  '106': 'in_transit', // 航空落地: flight landed
  '310': 'in_transit', // eagle1: arrived, in transit
  '407': 'in_transit', // 接驳点收件出仓: left the transfer point
  '34': 'in_transit', // 滞留件出仓: held parcel released from the warehouse
  '123': 'in_transit', // 快件正送往顺丰店/站: on its way to an SF store / station
  '130': 'in_transit', // 快件到达顺丰店/站: arrived at an SF store / station (not yet shelved for collection)
  '99': 'in_transit', // 应客户要求,快件正在转寄中: being forwarded at the customer's request
  '605': 'in_transit', // 运力抵达口岸: arrived at the border crossing
  '604': 'in_transit', // CFS清关: customs clearance at the freight station
  '15': 'in_transit', // 海关查验: customs inspection
  '606': 'in_transit', // 清关完成: customs cleared
  '14': 'in_transit', // 货件已放行: released
  '623': 'in_transit', // 海关数据放行: released on customs data
  '44': 'out_for_delivery', // 正在派送途中,请您准备签收: out for delivery
  '204': 'out_for_delivery', // 派件责任交接: handed to the delivering courier
  '125': 'available_for_pickup', // 快递员派件至丰巢: put in an SF Hive Box locker
  '642': 'available_for_pickup', // 门市/顺丰站快件上架: on the shelf at an SF store / station
  '678': 'available_for_pickup', // 快件到达驿站: at a collection station
  '70': 'failed_attempt', // 由于XXX原因 派件不成功: delivery failed for a stated reason
  '80': 'delivered', // 已签收,感谢使用顺丰: signed for
  '8000': 'delivered', // 在官网"运单资料&签收图",可查看签收人信息: signature on file (after 80)
  '128': 'delivered', // 客户从丰巢取件成功: collected from the locker
  '679': 'delivered', // 驿站完成派件: handed over at the collection station
  '648': 'exception', // 快件已退回/转寄,新单号为: XXX: returned or re-sent under a new waybill
  '631': 'exception', // 新单退回: returned under a new waybill
  '33': 'exception', // 派件异常原因: delivery exception (kdks: EXCEPTION)
  '18': 'exception', // 海关扣件: held by customs
  '621': 'exception', // 检疫扣件: held by quarantine
  '66': 'exception', // 中转批量滞留: held in transit (batch)
  '77': 'exception', // 中转滞留: held in transit
  '611': 'exception', // 理货异常: tally exception
  '72': 'exception', // 标记异常: marked as an exception
};

/**
 * Fuuffy's own `order_status` strings → ShipmentStatus, used only when there is no courier event yet.
 * Source: seeds/003 (the only value Fuuffy documents). The seed's own sample keeps this status after the
 * courier's pickup event, so it describes the merchant's order, not the parcel's progress; any other
 * value is `unknown` (logged once) until Fuuffy documents it.
 */
export const FUUFFY_ORDER_STATUS: Readonly<Record<string, ShipmentStatus>> = {
  列印及安排取件: 'info_received', // label printed and courier pickup arranged
};

const ROUTE_TABLE = recordTable('SF route code', SF_ROUTE_STATUS, {
  codesIn: (answer) => valuesOfField(answer, 'code', 'tracking_msg_list'),
});
const ORDER_TABLE = recordTable('Fuuffy order status', FUUFFY_ORDER_STATUS, {
  codesIn: (answer) => valuesOfField(answer, 'order_status'),
});

/** The tables as the shared status-table test reads them. */
export const STATUS_TABLES: readonly StatusTable[] = [ROUTE_TABLE, ORDER_TABLE];

/**
 * The status of an SF route code, `unknown` when the table does not list it (read with `Object.hasOwn`:
 * a code such as `constructor` must not find `Object.prototype`'s).
 */
export function statusForRouteCode(code: string | undefined): ShipmentStatus {
  return (code === undefined ? undefined : ROUTE_TABLE.statusOf(code)) ?? 'unknown';
}

/** The status of a Fuuffy `order_status`, `unknown` when the table does not list it. */
export function statusForOrderStatus(orderStatus: string | undefined): ShipmentStatus {
  return (orderStatus === undefined ? undefined : ORDER_TABLE.statusOf(orderStatus)) ?? 'unknown';
}

/** A vendor value no table maps, as normalization reports it. */
export interface UnmappedCode {
  readonly table: 'sf_route_code' | 'order_status';
  readonly code: string;
}

const reported = new Set<string>();

/** Logs each unmapped code once per process (a new vendor code is worth one warning, not one per lookup). */
export function logUnmappedOnce(logger: Logger, unmapped: readonly UnmappedCode[]): void {
  for (const { table, code } of unmapped) {
    const id = `${table}\u001f${code}`;
    if (reported.has(id)) continue;
    reported.add(id);
    logger.warn({ adapter: 'fuuffy', table, code }, 'fuuffy: unmapped vendor status, shown as unknown');
  }
}
