import { parseArgs } from 'node:util';
import { ADAPTERS } from '../carriers/registry.js';
import { type RunningSandboxes, startSandboxes } from '../carriers/sandboxes.js';
import { listenRefusal } from '../http/listen-refusal.js';
import { systemClock } from '../time/clock.js';
import { createScaledClock } from '../time/scaled-clock.js';
import type { CliIo } from './cli-io.js';
import { EXIT } from './exit-codes.js';
import { usageOf } from './help.js';

/** `postie sandbox [--port N] [--speed F]`: serves every carrier adapter's sandbox on loopback until interrupted. */
export async function sandboxCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      port: { type: 'string', default: '4100' },
      speed: { type: 'string', default: '1' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout.write(`${usageOf('sandbox')}\n`);
    return 0;
  }
  const port = Number(values.port);
  const speed = Number(values.speed);
  if (!Number.isInteger(port) || port < 0 || port > 65_536 - ADAPTERS.length || !(speed > 0)) {
    io.stderr.write(
      `postie sandbox: --port must be a free port number and --speed a positive number\n\n${usageOf('sandbox')}\n`,
    );
    return EXIT.usage;
  }
  const clock = speed === 1 ? systemClock : createScaledClock(speed);
  let sandboxes: RunningSandboxes;
  try {
    sandboxes = await startSandboxes({ clock, port });
  } catch (error) {
    const refusal = listenRefusal(error, { port: '--port' });
    if (!refusal) throw error;
    io.stderr.write(
      `postie sandbox: ${refusal.message} (the sandboxes take ${ADAPTERS.length} ports from it)\n`,
    );
    return EXIT.config;
  }
  io.stdout.write('# Carrier sandboxes on loopback. Point Postie at them with:\n');
  for (const [key, value] of Object.entries(sandboxes.env)) io.stdout.write(`${key}=${value}\n`);
  io.stdout.write('# Ctrl-C stops them.\n');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await sandboxes.close();
  return 0;
}
