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

describe('architecture', () => {
  it('reads process.env only in src/config.ts', () => {
    const readers = sources.filter((f) => /process\.env\b/.test(read(f))).map(rel);
    expect(readers).toEqual(['src/config.ts']);
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

  it('loads the Redis client only for a Redis store: building the pipeline on SQLite does not', () => {
    const loaded = staticImports(join(root, 'src', 'pipeline.ts'));
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
    const isSandbox = (f: string) => /\/sandbox[^/]*\.ts$/.test(f) || f.includes('/sandbox-kit/');
    const allowed = new Set([
      'src/carriers/sandboxes.ts',
      'src/cli/sandbox-command.ts',
      'src/cli/demo-command.ts',
    ]);
    const importers = sources
      .filter((f) => !isSandbox(rel(f)) && !allowed.has(rel(f)))
      .filter((f) => /from '[^']*\/sandbox[^']*\.js'/.test(read(f)))
      .map(rel);
    expect(importers).toEqual([]);
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
