import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../src/carriers/registry.js';

const root = join(import.meta.dirname, '..');
const sources = listFiles(join(root, 'src')).filter((f) => f.endsWith('.ts'));

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

const read = (file: string) => readFileSync(file, 'utf8');
const rel = (file: string) => relative(root, file).split('\\').join('/');

/** Which files may import a package (STYLE.md §14): everything else goes through them. */
const IMPORT_BOUNDARIES: readonly { readonly pkg: string; readonly allowed: RegExp }[] = [
  { pkg: 'pino', allowed: /^src\/logger\.ts$/ },
  { pkg: 'pino-pretty', allowed: /^src\/logger\.ts$/ },
  { pkg: 'telegraf', allowed: /^src\/frontends\/telegram\// },
  { pkg: 'discord.js', allowed: /^src\/frontends\/discord\// },
  { pkg: 'undici', allowed: /^src\/http\// },
  { pkg: 'keyv', allowed: /^src\/store\// },
  { pkg: 'hookified', allowed: /^src\/store\// },
  { pkg: '@redis/client', allowed: /^src\/store\/redis-connection\.ts$/ },
  { pkg: 'prom-client', allowed: /^src\/ops\/metric-families\.ts$/ },
];

/**
 * What loading `file` loads: every module reached through imports that are not type-only (dynamic
 * `import()` left out: it loads only when it runs), as source paths and package names.
 */
function staticImports(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const imports = read(file).matchAll(/^(?:import|export)(?!\s+type\b)[^;]*?from\s+'([^']+)'/gms);
  for (const [, specifier = ''] of imports) {
    if (specifier.startsWith('.'))
      staticImports(join(dirname(file), specifier.replace(/\.js$/, '.ts')), seen);
    else seen.add(specifier);
  }
  return seen;
}

/**
 * The layers, lowest first: a file may import its own folder and the layers below its own, never a
 * layer above nor a sibling on its own level. Derived from the imports, so it reads as the data flow
 * runs: chat vocabulary at the bottom, the lookup path (carriers → detect → extract → queue → tracking),
 * the store under what it stores, replies and their delivery, subscriptions, the core people talk to,
 * the front-ends, and the app and command line on top.
 *
 * A folder under `src/` is one unit (`carriers/fuuffy/` belongs to `carriers`); a file at the top of
 * `src/` is a unit of its own (`config.ts` and `config/` are `config`). The carrier sandboxes are their
 * own layer near the top wherever they live: fakes for tests and `postie demo` that may use anything of
 * the lookup path (the Hongkong Post one builds numbers with `detect/`'s check digits), and that nothing
 * in production imports (checked below).
 */
const LAYERS: readonly (readonly string[])[] = [
  ['domain'],
  ['text', 'time', 'collections', 'logger'],
  ['cache', 'http'],
  ['carriers'],
  ['detect'],
  ['extract'],
  ['queue', 'scheduler'],
  ['tracking', 'store'],
  ['render'],
  ['notify'],
  ['subscriptions'],
  ['core'],
  ['config'],
  ['frontends', 'ops'],
  ['sandboxes'],
  ['app'],
  ['cli'],
];

const isSandbox = (file: string) =>
  file.startsWith('src/carriers/') && (/\/sandbox[^/]*\.ts$/.test(file) || file.includes('/sandbox-kit/'));

/** The unit a source file belongs to (see {@link LAYERS}). */
function unitOf(file: string): string {
  if (isSandbox(file)) return 'sandboxes';
  const [first = '', second] = file.replace(/^src\//, '').split('/');
  return second === undefined ? first.replace(/\.ts$/, '') : first;
}
const levelOf = (unit: string) => LAYERS.findIndex((level) => level.includes(unit));

interface Edge {
  readonly from: string;
  readonly to: string;
}

/**
 * Every import between source files: static, type-only, re-exports and `import()` alike. Type-only
 * imports count: two files that need each other's types cannot be read, changed or moved apart, and a
 * type in the wrong folder (the reply model in `core/`, read by `render/`) is exactly what the layers
 * are there to catch; a dynamic import is a dependency that merely loads later.
 */
const EDGES: readonly Edge[] = sources.flatMap((file) =>
  [...read(file).matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*)'(\.[^']+)'/g)].map(([, specifier = '']) => ({
    from: rel(file),
    to: rel(join(dirname(file), specifier.replace(/\.js$/, '.ts'))),
  })),
);
const edgeName = (edge: Edge) => `${edge.from} -> ${edge.to}`;

/**
 * Pointers, not dependencies: a carrier's manifest names its own sandbox with `import()` (loaded only
 * by `postie sandbox`, the demo and tests, never by a lookup), and the manifest contract names the
 * sandbox server's type. These edges are left out of the cycle and layer checks; every other import
 * of a sandbox from below is not.
 */
const isSandboxPointer = (edge: Edge) =>
  (/^src\/carriers\/([a-z-]+)\/index\.ts -> src\/carriers\/\1\/sandbox\.ts$/.test(edgeName(edge)) &&
    /import\('\.\/sandbox\.js'\)/.test(read(join(root, edge.from)))) ||
  edgeName(edge) === 'src/carriers/manifest.ts -> src/carriers/sandbox-kit/sandbox-server.ts';

/** The groups of nodes that reach each other (Tarjan's strongly connected components), larger than one. */
function cycles(edges: readonly (readonly [string, string])[]): string[][] {
  const next = new Map<string, string[]>();
  for (const [a, b] of edges) if (a !== b) next.set(a, [...(next.get(a) ?? []), b]);
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (node: string) => {
    const own = order.size;
    order.set(node, own);
    low.set(node, own);
    stack.push(node);
    for (const to of next.get(node) ?? []) {
      if (!order.has(to)) visit(to);
      else if (!stack.includes(to)) continue;
      low.set(node, Math.min(low.get(node) ?? own, low.get(to) ?? own));
    }
    if (low.get(node) !== own) return;
    const group = stack.splice(stack.indexOf(node));
    if (group.length > 1) found.push(group.sort());
  };
  for (const node of next.keys()) if (!order.has(node)) visit(node);
  return found;
}

describe('architecture', () => {
  it('reads process.env only in src/config.ts', () => {
    const readers = sources.filter((f) => /process\.env\b/.test(read(f))).map(rel);
    expect(readers).toEqual(['src/config.ts']);
  });

  it('has no import cycles between files, type-only imports included', () => {
    expect(cycles(EDGES.map((e) => [e.from, e.to]))).toEqual([]);
  });

  it('has no import cycles between folders', () => {
    const between = EDGES.filter((e) => !isSandboxPointer(e));
    expect(cycles(between.map((e) => [unitOf(e.from), unitOf(e.to)]))).toEqual([]);
  });

  it('places every source folder in a layer', () => {
    const units = new Set(sources.map((f) => unitOf(rel(f))));
    expect([...units].filter((unit) => levelOf(unit) < 0)).toEqual([]);
  });

  it('imports only downwards: from its own folder or a lower layer', () => {
    const upward = EDGES.filter((e) => {
      const [from, to] = [unitOf(e.from), unitOf(e.to)];
      return from !== to && levelOf(to) >= levelOf(from) && !isSandboxPointer(e);
    }).map(edgeName);
    expect(upward).toEqual([]);
  });

  it.each(IMPORT_BOUNDARIES)('imports $pkg only where allowed', ({ pkg, allowed }) => {
    // Static imports, `import()` and `require()` alike.
    const importPattern = new RegExp(`(from |import\\(|require\\()'${pkg.replace('.', '\\.')}(/[^']*)?'`);
    const importers = sources.filter((f) => importPattern.test(read(f))).map(rel);
    expect(importers.filter((f) => !allowed.test(f))).toEqual([]);
  });

  it.each(['src/store/', 'src/scheduler/', 'src/notify/'])(
    'keeps %s free of the subscription wing: it serves subscriptions/ and imports nothing from it',
    (folder) => {
      const importers = sources
        .filter((f) => rel(f).startsWith(folder))
        .filter((f) => /from '[^']*\/subscriptions\/[^']*'/.test(read(f)))
        .map(rel);
      expect(importers).toEqual([]);
    },
  );

  it('loads the Redis client only for a Redis store: building the app on SQLite does not', () => {
    const loaded = staticImports(join(root, 'src', 'app', 'build-app.ts'));
    expect([...loaded].filter((m) => m.startsWith('@redis/') || m.includes('redis-'))).toEqual([]);
    expect(loaded).toContain(join(root, 'src', 'store', 'sqlite-database.ts'));
    expect(read(join(root, 'src', 'store', 'open-store-backend.ts'))).toContain(
      "import('./redis-backend.js')",
    );
  });

  it.each(ADAPTERS.map((a) => [a.id, a] as const))(
    'keeps adapter %s in the folder named after it',
    async (id, definition) => {
      const module = await import(/* @vite-ignore */ join(root, 'src', 'carriers', id, 'index.ts'));
      expect(Object.values(module)).toContain(definition);
    },
  );

  it('keeps the carrier sandboxes out of the production path', () => {
    const allowed = new Set([
      'src/carriers/sandboxes.ts',
      'src/cli/sandbox-command.ts',
      'src/cli/demo-command.ts',
    ]);
    // Type-only imports load nothing; an adapter's manifest names its sandbox in a lazy `import()`, and
    // the CLI loads `postie sandbox` only when it runs.
    const importers = sources
      .filter((f) => !isSandbox(rel(f)) && !allowed.has(rel(f)))
      .filter((f) => /^import(?!\s+type\b)[^;]*?from '[^']*\/sandbox[^']*\.js'/ms.test(read(f)))
      .map(rel);
    expect(importers).toEqual([]);
    const lazyImporters = sources
      .filter((f) => /import\('[^']*\/sandbox[^']*\.js'\)/.test(read(f)))
      .map(rel)
      .filter((f) => f !== 'src/cli/run-cli.ts' && !/^src\/carriers\/[a-z0-9-]+\/index\.ts$/.test(f));
    expect(lazyImporters).toEqual([]);
  });

  it('names every source file in kebab-case', () => {
    const badNames = sources.map(rel).filter((f) => !/^[a-z0-9/.-]+$/.test(f));
    expect(badNames).toEqual([]);
  });

  it('has no suppressed type errors or skipped tests', () => {
    const tests = listFiles(join(root, 'test')).filter((f) => f.endsWith('.ts'));
    const offenders = [...sources, ...tests]
      .filter((f) => !f.endsWith('architecture.test.ts'))
      .filter((f) =>
        /@ts-(ignore|nocheck|expect-error)|\b(it|describe|test)\.(skip|only|todo)\b/.test(read(f)),
      );
    expect(offenders.map(rel)).toEqual([]);
  });
});
