import type { ShipmentStatus } from '../../domain/shipment.js';
import type { Logger } from '../../logger.js';
import { recordTable, type StatusTable, valuesOfField } from '../status-table.js';

/**
 * NZ Post's `event_edifact_code` → ShipmentStatus, reviewed by hand. NZ Post asks integrators to key on
 * this code rather than on the status or event text, which "may change over time".
 *
 * Source of the codes and their meanings: NZ Post ParcelTrack API, "Edifact Codes" page, table
 * "Domestic Services Edifact Codes"
 * (https://anypoint.mulesoft.com/exchange/portals/nz-post-group/b8271f09-2ad8-4e1c-b6b1-322c5727d148/parceltrack-api/).
 * The NZ Post status text is quoted after each code. Codes whose meaning we could not read there
 * (544 and the 5xx/1xxx range) are left out on purpose: they are `unknown` and logged, never guessed.
 * Seed 002 shows 13 (picked up) and 32 "With courier for delivery".
 */
export const EDIFACT_STATUS: Readonly<Record<string, ShipmentStatus>> = {
  // Before the courier has the parcel: a collection is booked or was attempted.
  '78': 'info_received', // Courier to collect
  '60': 'info_received', // Pick up attempted (a collection from the sender, not a delivery attempt)

  '8': 'in_transit', // Processing at depot
  '13': 'in_transit', // Picked up
  '14': 'in_transit', // Handed over for delivery (to a delivery partner, not yet on a courier run)
  '55': 'in_transit', // Awaiting delivery
  '56': 'in_transit', // Item at depot
  '57': 'in_transit', // Item at depot
  '58': 'in_transit', // Waiting for courier
  '59': 'in_transit', // Item at depot
  '77': 'in_transit', // In transit to local depot
  '80': 'in_transit', // Left New Zealand
  '85': 'in_transit', // In transit to depot
  '95': 'in_transit', // Redirected
  '143': 'in_transit', // Handed over
  '144': 'in_transit', // Handed over
  '145': 'in_transit', // Handed over
  '146': 'in_transit', // Handed over for delivery
  '148': 'in_transit', // Item on way to collection point
  // Requests by the receiver: the parcel keeps moving under new instructions.
  '200': 'in_transit', // Redirection requested
  '201': 'in_transit', // Redelivery requested
  '202': 'in_transit', // Redirection requested
  '203': 'in_transit', // Delivery instructions added

  '32': 'out_for_delivery', // With courier for delivery (seed 002 sample)
  '35': 'out_for_delivery', // With courier for delivery
  '142': 'out_for_delivery', // With RuralPost for delivery

  '141': 'available_for_pickup', // Ready to collect
  '147': 'available_for_pickup', // In ParcelPod
  '149': 'available_for_pickup', // Ready to collect

  '42': 'failed_attempt', // Delivery attempted
  '50': 'failed_attempt', // Delivery attempted
  '51': 'failed_attempt', // Delivery attempted
  '52': 'failed_attempt', // Delivery attempted
  '53': 'failed_attempt', // Delivery attempted
  '62': 'failed_attempt', // Delivery attempted

  '22': 'delivered', // Delivered

  '54': 'exception', // Processing delay
  '61': 'exception', // Misdirected
  '63': 'exception', // ParcelPod expired (not collected in time; goes back)
  '67': 'exception', // Arrived at Return Address
  '542': 'exception', // Sorted incorrectly
  // Not on NZ Post's page as we could read it: "Returning to Sender" in two independent integrations,
  // DigitalGenius (https://docs.digitalgenius.com/docs/new-zealand-post-track-trace) and verbb/shippy
  // (src/carriers/NewZealandPost.php, STATUS_RETURN_TO_SENDER).
  '578': 'exception',
};

const EDIFACT_TABLE = recordTable('EDIFACT event code', EDIFACT_STATUS, {
  codesIn: (answer) => valuesOfField(answer, 'event_edifact_code'),
  canonical: (code) => code.trim().replace(/^0+(?=\d)/, ''),
});

/** The table as the shared status-table test reads it. */
export const STATUS_TABLES: readonly StatusTable[] = [EDIFACT_TABLE];

/** The status for an EDIFACT code as sent (`"32"`, `32`, `" 32 "`); `undefined` when the table has none. */
export function statusForEdifact(code: string): ShipmentStatus | undefined {
  return EDIFACT_TABLE.statusOf(code);
}

const reported = new Set<string>();

/** Logs an unmapped code once per process, so a new NZ Post code is noticed without flooding the log. */
export function reportUnmappedEdifact(logger: Logger, code: string): void {
  if (reported.has(code)) return;
  reported.add(code);
  logger.warn(
    { adapter: 'nz-post', edifactCode: code },
    'NZ Post sent an EDIFACT code the status table does not map; shown as unknown',
  );
}
