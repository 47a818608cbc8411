/**
 * A preload (`node --import tsx --import …/report-loaded-packages.ts`) that notes every package the
 * process loads from `node_modules`, ESM or CommonJS, and writes their names as the last line of stderr
 * at exit: `{"loadedPackages":["pino","zod"]}`. Registered after tsx, it sees only what the program loads.
 */
import { registerHooks } from 'node:module';

const packages = new Set<string>();
registerHooks({
  load(url, context, nextLoad) {
    const name = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
    if (name) packages.add(name);
    return nextLoad(url, context);
  },
});
process.on('exit', () => {
  process.stderr.write(`\n${JSON.stringify({ loadedPackages: [...packages].sort() })}\n`);
});
