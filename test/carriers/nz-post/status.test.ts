import { describe, expect, it } from 'vitest';
import { NZPOST_SANDBOX_PARCELS } from '../../../src/carriers/nz-post/sandbox-parcels.js';
import {
  EDIFACT_STATUS,
  reportUnmappedEdifact,
  statusForEdifact,
} from '../../../src/carriers/nz-post/status.js';
import { SHIPMENT_STATUSES } from '../../../src/domain/shipment.js';
import { captureLogger } from '../../helpers/capture-logger.js';

const sandboxCodes = () => NZPOST_SANDBOX_PARCELS.flatMap((p) => p.steps.map((s) => s.event.code));

describe('NZ Post EDIFACT status table', () => {
  it('maps every code to one real status, written once in canonical form', () => {
    const canonical = Object.keys(EDIFACT_STATUS).map((code) => String(Number(code)));
    expect(canonical).toEqual(Object.keys(EDIFACT_STATUS));
    expect(new Set(canonical).size).toBe(canonical.length);
    for (const status of Object.values(EDIFACT_STATUS)) {
      expect(SHIPMENT_STATUSES).toContain(status);
      expect(['unknown', 'pending']).not.toContain(status);
    }
  });

  it('maps every code of the sandbox parcels (the fixtures: test/carriers/registry.test.ts)', () => {
    const codes = new Set(sandboxCodes());
    expect(codes.size).toBeGreaterThan(10);
    const unmapped = [...codes].filter((code) => statusForEdifact(code) === undefined);
    expect(unmapped).toEqual([]);
  });

  it('has a sandbox parcel for every status the table uses', () => {
    const shown = new Set(sandboxCodes().map((code) => statusForEdifact(code)));
    for (const status of new Set(Object.values(EDIFACT_STATUS))) expect(shown).toContain(status);
  });

  it('reads codes sent as numbers or padded, and knows nothing of codes it was not told', () => {
    expect(statusForEdifact('32')).toBe('out_for_delivery');
    expect(statusForEdifact(' 032 ')).toBe('out_for_delivery');
    expect(statusForEdifact('22')).toBe('delivered');
    expect(statusForEdifact('544')).toBeUndefined();
    expect(statusForEdifact('constructor')).toBeUndefined();
    expect(statusForEdifact('')).toBeUndefined();
  });

  it('logs an unmapped code once per process', () => {
    const { logger, lines } = captureLogger();
    reportUnmappedEdifact(logger, '7777');
    reportUnmappedEdifact(logger, '7777');
    reportUnmappedEdifact(logger, '7778');
    expect(lines.map(({ level, edifactCode }) => [level, edifactCode])).toEqual([
      [40, '7777'],
      [40, '7778'],
    ]);
  });
});
