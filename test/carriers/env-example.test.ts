import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../src/carriers/registry.js';

/**
 * `.env.example` against the adapters' manifests: the "Carriers" section has one part per registered
 * adapter, in registry order, opened by a comment that names it (`(adapter \`<id>\``), holding exactly
 * the variables its manifest declares, in its order, with its defaults; no carrier variable anywhere else.
 */
const lines = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8').split('\n');

/** Section title → its lines: a title is the line between two `# ---…` rules. */
function sections(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  let current: string[] = [];
  lines.forEach((line, i) => {
    if (/^# -{20,}$/.test(lines[i - 1] ?? '') && /^# -{20,}$/.test(lines[i + 1] ?? '')) {
      current = [];
      found.set(line.replace(/^#\s*/, ''), current);
    } else current.push(line);
  });
  return found;
}

const assignment = (line: string) => /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);

/** The adapter parts of the Carriers section: id → its assignments, in order. */
function carrierParts(): Map<string, [key: string, value: string][]> {
  const section = [...sections()].find(([title]) => title.startsWith('Carriers'))?.[1] ?? [];
  const parts = new Map<string, [string, string][]>();
  let current: [string, string][] | undefined;
  for (const line of section) {
    const opened = /\(adapter `([a-z0-9-]+)`/.exec(line);
    if (opened?.[1] !== undefined) {
      current = [];
      parts.set(opened[1], current);
    }
    const set = assignment(line);
    if (set?.[1] !== undefined) {
      expect(current, `${set[1]} comes before any adapter's part`).toBeDefined();
      current?.push([set[1], set[2] ?? '']);
    }
  }
  return parts;
}

describe('.env.example', () => {
  it('has a part for each registered adapter in the Carriers section, in registry order', () => {
    expect([...carrierParts().keys()]).toEqual(ADAPTERS.map((a) => a.id));
  });

  it.each(ADAPTERS.map((a) => [a.id, a] as const))(
    'lists exactly the variables the %s manifest declares, with its defaults',
    (id, manifest) => {
      const expected = Object.values(manifest.env).map((s) => [s.key, s.kind === 'url' ? s.default : '']);
      expect(carrierParts().get(id)).toEqual(expected);
    },
  );

  it('names no carrier variable outside the Carriers section', () => {
    const carrierKeys = new Set(ADAPTERS.flatMap((a) => Object.values(a.env).map((s) => s.key)));
    const elsewhere = [...sections()]
      .filter(([title]) => !title.startsWith('Carriers'))
      .flatMap(([, section]) => section.map((line) => assignment(line)?.[1] ?? ''))
      .filter((key) => carrierKeys.has(key));
    expect(elsewhere).toEqual([]);
  });
});
