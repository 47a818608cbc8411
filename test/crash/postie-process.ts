/**
 * Postie as its own process for the crash test and the crash soak: `node [--import tsx]
 * postie-process.(ts|js) <epoch ms>` runs the composition root from the environment on a manual clock
 * that starts at `<epoch ms>` and moves only when the parent says so (an IPC message `{ now }`, answered
 * `{ at }` once the waits that came due have run), prints `ready` once started, and stops on SIGTERM. The
 * parent kills it with SIGKILL. Calls to Telegram keep their real-time deadlines.
 */

import { buildApp } from '../../src/app/build-app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createManualClock } from '../../src/time/manual-clock.js';

const start = Number(process.argv[2]);
if (!Number.isFinite(start) || start <= 0) throw new Error('usage: postie-process <epoch ms>');
const clock = createManualClock(start);
process.on('message', (message: { now?: unknown }) => {
  const now = Number(message.now);
  if (!Number.isFinite(now)) return;
  void clock.set(now).then(() => process.send?.({ at: clock.now() }));
});
const logger = createLogger({ level: process.env['LOG_LEVEL'] ?? 'warn', pretty: false, stream: 'stderr' });
const app = await buildApp(loadConfig(process.env), { logger, frontends: 'configured', clock });
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void app.stop().then(() => process.exit(0));
});
