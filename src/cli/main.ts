/** The `postie` command's run, loaded by `index.ts` once Node's compile cache is on. */
import { handleProcessFailures, lastWords } from './process-failures.js';
import { runCli } from './run-cli.js';

handleProcessFailures(process);
const code = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
}).catch((error: unknown) => lastWords(process, 'command failed', error));
// Exit now that the command is done, whatever still holds the event loop (a connection a hung peer
// never closes must not keep a stopped Postie alive), once what was written has been flushed.
await Promise.all([process.stdout, process.stderr].map((out) => new Promise((done) => out.write('', done))));
process.exit(code);
