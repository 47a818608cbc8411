import { recordTable, type StatusTable, valuesOfField } from '../../../../src/carriers/status-table.js';
import type { ShipmentStatus } from '../../../../src/domain/shipment.js';

/** Example Post's event codes (its own documentation, were it real). An unlisted code is `unknown`. */
export const EVENT_STATUS: Readonly<Record<string, ShipmentStatus>> = {
  ACC: 'in_transit', // Accepted at the counter
  DEP: 'in_transit', // Left the sorting centre
  DLV: 'delivered', // Delivered
};

const EVENT_TABLE = recordTable('event code', EVENT_STATUS, {
  codesIn: (answer) => valuesOfField(answer, 'code'),
});

export const STATUS_TABLES: readonly StatusTable[] = [EVENT_TABLE];

export function statusOfEvent(code: string): ShipmentStatus {
  return EVENT_TABLE.statusOf(code) ?? 'unknown';
}
