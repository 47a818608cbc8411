/**
 * A preload (`node --import tsx --import …/report-loaded-packages.ts`) that notes every package the
 * process loads from `node_modules`, ESM or CommonJS, and writes their names as the last line of stderr
 * at exit: `{"loadedPackages":["pino","zod"]}`. Registered after tsx, it sees only what the program loads.
 * In the shipped build (`scripts/build.ts`) a bundled package is found in the files loaded: esbuild starts
 * each bundled module with a comment naming its source, `// node_modules/zod/v4/core/core.js` (the path
 * relative to where it was built).
 * Node's own copy of undici (behind `fetch`, `WebSocket` and the ESM namespace of `node:http`) counts as
 * `node:undici`: it costs as much memory as a package.
 */
import { registerHooks } from 'node:module';

const packages = new Set<string>();
const BUNDLED_MODULE = /^\/\/ (?:.*\/)?node_modules\/((?:@[^/]+\/)?[^/]+)\//gm;
registerHooks({
  load(url, context, nextLoad) {
    const name = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
    if (name) packages.add(name);
    const loaded = nextLoad(url, context);
    if (!name && loaded.source) {
      for (const [, bundled] of String(loaded.source).matchAll(BUNDLED_MODULE))
        if (bundled) packages.add(bundled);
    }
    return loaded;
  },
});
process.on('exit', () => {
  // `process.moduleLoadList` is undocumented but stable since Node 0.x: the built-in modules loaded so far.
  const moduleLoadList = (process as { moduleLoadList?: string[] }).moduleLoadList ?? [];
  if (moduleLoadList.some((m) => m.includes('internal/deps/undici/'))) packages.add('node:undici');
  process.stderr.write(`\n${JSON.stringify({ loadedPackages: [...packages].sort() })}\n`);
});
