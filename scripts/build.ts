/**
 * Builds the shipped command line: `src/cli/index.ts` bundled by esbuild into `dist/cli/index.js`, and
 * each module the code `import()`s on demand (a command, a front-end, the carriers, the Redis store)
 * split into `dist/chunks/`, so a command still loads only the code it uses (`postie detect` no package
 * at all), but in a dozen files where the compiled sources took some 270: Node's ESM loader resolves,
 * reads, compiles and links every file, which was most of `postie start`'s start-up.
 *
 * The packages in `dependencies` stay outside the bundle and are imported from `node_modules` at run
 * time: those a configured front-end, carrier or store loads (telegraf, discord.js, undici,
 * @redis/client; each loaded only when used) and pino-pretty for development logs. Every other package
 * the code imports (zod, pino, i18next, keyv, …) is a devDependency, bundled in.
 *
 * `dist/cli/` and `dist/chunks/` are both two folders below the package root, where the code finds
 * `locales/` and `package.json` from `import.meta.url`. Source maps sit beside each file, without the
 * sources: `NODE_OPTIONS=--enable-source-maps` maps stack traces back to `src/` (it costs start-up time
 * and memory, so it is not the default).
 *
 * `node scripts/build.ts` builds; `--if-changed` builds only when an input of the last build (a source
 * file, a bundled package) or this script, package.json or the lockfile is newer than it.
 */
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');
/** esbuild's record of the last build's inputs and outputs (not shipped: `files` takes `*.js` and maps). */
const METAFILE = join(dist, 'build-meta.json');

/**
 * What the bundled CommonJS packages (pino and its helpers) need in an ES module: `require` for Node's
 * built-in modules, which esbuild leaves as calls at run time.
 */
const REQUIRE_BANNER =
  "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);";

async function buildCli(): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  rmSync(dist, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { 'cli/index': 'src/cli/index.ts' },
    outdir: 'dist',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    external: Object.keys(manifest.dependencies),
    banner: { js: REQUIRE_BANNER },
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    logLevel: 'warning',
  });
  writeFileSync(METAFILE, JSON.stringify(result.metafile));
}

/** Whether `dist/` is older than anything it was built from (or was not built by this script). */
function isStale(): boolean {
  if (!existsSync(METAFILE)) return true;
  const builtAt = statSync(METAFILE).mtimeMs;
  const metafile = JSON.parse(readFileSync(METAFILE, 'utf8')) as Metafile;
  const inputs = [...Object.keys(metafile.inputs), 'scripts/build.ts', 'package.json', 'package-lock.json'];
  return inputs.some((input) => {
    const path = join(root, input);
    return !existsSync(path) || statSync(path).mtimeMs > builtAt;
  });
}

if (import.meta.main) {
  if (!process.argv.includes('--if-changed') || isStale()) await buildCli();
}
