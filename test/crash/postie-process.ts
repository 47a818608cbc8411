/**
 * Postie as its own process for the crash test: `node --import tsx postie-process.ts <origin> <factor>`
 * runs the composition root from the environment on a clock `factor` times faster than real time from
 * `origin` (the parent's sandboxes read the same clock), prints `ready`, and stops on SIGTERM. The
 * parent kills it with SIGKILL at random moments.
 */

import { buildApp } from '../../src/app/build-app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { systemClock } from '../../src/time/clock.js';
import { createScaledClock } from '../../src/time/scaled-clock.js';

const [origin, factor] = process.argv.slice(2).map(Number);
if (!origin || !factor) throw new Error('usage: postie-process.ts <origin ms> <speed factor>');
const clock = createScaledClock(factor, systemClock, origin);
const logger = createLogger({ level: 'warn', pretty: false, stream: 'stderr' });
const app = await buildApp(loadConfig(process.env), { logger, frontends: 'configured', clock });
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void app.stop().then(() => process.exit(0));
});
