import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../src/carriers/registry.js';
import { ENV_KEYS } from '../../src/config.js';
import { describeCarrierRoles } from './carrier-roles.js';

const source = join(import.meta.dirname, '..', '..', 'src', 'carriers');

describe('the carrier registry', () => {
  it('lists every adapter folder of src/carriers/ once (a folder with an index.ts), and nothing else', () => {
    const folders = readdirSync(source, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(source, entry.name, 'index.ts')))
      .map((entry) => entry.name);
    const ids = ADAPTERS.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(folders.sort());
  });

  it('gives every environment variable one owner: no adapter reuses another one’s or a core one', () => {
    expect(new Set(ENV_KEYS).size).toBe(ENV_KEYS.length);
  });

  it('lists the aggregators last, so that an adapter of the carrier’s own answers first', () => {
    const kinds = ADAPTERS.map((a) => (typeof a.serves === 'function' ? 'aggregator' : 'direct'));
    const first = kinds.indexOf('aggregator');
    expect(first === -1 ? [] : kinds.slice(first).filter((kind) => kind === 'direct')).toEqual([]);
  });
});

for (const manifest of ADAPTERS) {
  describeCarrierRoles(
    manifest,
    { source: join(source, manifest.id), fixtures: join(import.meta.dirname, manifest.id, 'fixtures') },
    ADAPTERS,
  );
}
