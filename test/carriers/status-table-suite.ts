import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CarrierManifest } from '../../src/carriers/manifest.js';
import type { StatusTable } from '../../src/carriers/status-table.js';
import { SHIPMENT_STATUSES } from '../../src/domain/shipment.js';

/** A fixture whose scenario starts with `unmapped` carries a code no table maps, on purpose. */
const isUnmappedScenario = (name: string) => /^[^.]+\.unmapped[^.]*\.json$/.test(name);

function readFixtures(folder: string): { readonly name: string; readonly answer: unknown }[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({ name, answer: JSON.parse(readFileSync(join(folder, name), 'utf8')) as unknown }));
}

/**
 * The status-table rules every adapter keeps (STYLE.md §4), run against its declared tables and its
 * fixtures: each entry one real status (never `unknown`: that is what an unlisted code becomes), no
 * code mapped to two statuses, every code seen in the fixtures mapped, and an invented code unknown.
 */
export function describeStatusTables(manifest: CarrierManifest, fixturesFolder: string): void {
  describe(`the ${manifest.id} status tables`, () => {
    let tables: readonly StatusTable[] = [];
    const fixtures = readFixtures(fixturesFolder);
    const mappedByAny = (code: string) => tables.some((table) => table.statusOf(code) !== undefined);

    beforeAll(async () => {
      tables = await manifest.statusTables();
    });

    it('are declared, with entries', () => {
      expect(tables.length).toBeGreaterThan(0);
      for (const table of tables) expect(table.entries.length, table.name).toBeGreaterThan(0);
    });

    it('map each code to one real status, never to unknown', () => {
      for (const table of tables) {
        const statuses = table.entries.map(([, status]) => status);
        expect(
          statuses.filter((s) => !SHIPMENT_STATUSES.includes(s) || s === 'unknown'),
          table.name,
        ).toEqual([]);
      }
    });

    it('map no code to two statuses: every entry as written reads back as its own status', () => {
      for (const table of tables) {
        const disagreeing = table.entries.filter(([code, status]) => table.statusOf(code) !== status);
        expect(disagreeing, table.name).toEqual([]);
      }
    });

    it('map every code seen in the fixtures, and each table is seen in some fixture', () => {
      for (const table of tables) {
        const seen = fixtures
          .filter(({ name }) => !isUnmappedScenario(name))
          .flatMap(({ name, answer }) => table.codesIn(answer).map((code) => ({ name, code })));
        expect(seen.length, `${table.name}: no fixture shows a code`).toBeGreaterThan(0);
        expect(
          seen.filter(({ code }) => table.statusOf(code) === undefined),
          table.name,
        ).toEqual([]);
      }
    });

    it('leave unmapped what an "unmapped" fixture shows, and what nobody wrote', () => {
      for (const { name, answer } of fixtures.filter((f) => isUnmappedScenario(f.name))) {
        const codes = tables.flatMap((table) => table.codesIn(answer));
        expect(codes.filter((code) => !mappedByAny(code)).length, name).toBeGreaterThan(0);
      }
      for (const invented of ['constructor', '__proto__', 'no such code 1234567'])
        expect(mappedByAny(invented), invented).toBe(false);
    });
  });
}
