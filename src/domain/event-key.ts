import { createHash } from 'node:crypto';

export interface EventIdentity {
  readonly carrier: string;
  readonly number: string;
  /** The event's instant (ISO 8601). */
  readonly time: string;
  readonly vendorCode?: string | undefined;
  readonly location?: string | undefined;
  readonly text: string;
}

/**
 * A stable key for an event (DESIGN.md): a hash of carrier, number, time, vendor code, location and text,
 * and nothing response-level (message ids, fetch times), so a re-sent or re-ordered event keeps its key.
 * Text and location are compared after trimming and collapsing whitespace.
 */
export function eventKey(identity: EventIdentity): string {
  const tidy = (s: string | undefined) => (s ?? '').trim().replace(/\s+/g, ' ');
  const parts = [
    identity.carrier,
    identity.number,
    identity.time,
    tidy(identity.vendorCode),
    tidy(identity.location),
    tidy(identity.text),
  ];
  return createHash('sha256').update(parts.join('\u001f')).digest('base64url').slice(0, 22);
}
