#!/usr/bin/env node
import { enableCompileCache } from 'node:module';

/**
 * The `postie` command. Node's compile cache is enabled before anything else loads, so that the
 * command (`./main.js`) and every module it imports are compiled from V8's cached code once a run
 * has cached them: a tenth or more of `postie start`'s CPU time (`npm run bench -- startup`). The cache
 * sits in the system's temporary folder (`NODE_COMPILE_CACHE` names another folder,
 * `NODE_DISABLE_COMPILE_CACHE=1` turns it off); where it cannot be written, Node runs without it and
 * says nothing (https://nodejs.org/api/module.html#module-compile-cache).
 */
enableCompileCache();
await import('./main.js');
