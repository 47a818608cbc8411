/**
 * A process that fails in a way nothing expected, with the CLI's process handlers installed:
 * `fail-unexpectedly.ts rejection|exception`. The failure's message and fields hold the bot token.
 */
import { handleProcessFailures } from '../../src/cli/process-failures.js';
import { environmentSecrets } from '../../src/config.js';

handleProcessFailures(process);
const [token] = environmentSecrets();
const failure = Object.assign(new Error(`request to /bot${token}/getMe failed`), { payload: { token } });
if (process.argv[2] === 'rejection') void Promise.reject(failure);
else
  setImmediate(() => {
    throw failure;
  });
