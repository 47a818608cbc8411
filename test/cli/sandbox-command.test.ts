import { createServer, type Server } from 'node:net';
import { Readable, Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../src/carriers/registry.js';
import { startSandboxes } from '../../src/carriers/sandboxes.js';
import { runCli } from '../../src/cli/run-cli.js';
import { createManualClock } from '../../src/time/manual-clock.js';

/** `postie sandbox` when its ports are taken: one line naming the port and the flag, exit 78. */
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listenOn(port: number): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

const release = (port: number) => {
  const server = servers.find((s) => {
    const address = s.address();
    return typeof address === 'object' && address?.port === port;
  });
  return new Promise((resolve) => server?.close(resolve));
};

/**
 * Two neighbouring ports: `first` free (the first sandbox takes it), the one after it held by this test
 * (the second sandbox fails). Other processes take ports too: look again until a pair is found.
 */
async function adjacentPorts(): Promise<{ first: number }> {
  for (;;) {
    const first = await listenOn(0);
    const taken = await listenOn(first + 1).catch(() => undefined);
    await release(first);
    if (taken !== undefined) return { first };
  }
}

describe('postie sandbox on a taken port', () => {
  it('says which port is in use and which flag changes it, and exits 78', async () => {
    const taken = await listenOn(0);
    let err = '';
    const sink = (append: (s: string) => void) =>
      new Writable({
        write(chunk, _encoding, done) {
          append(String(chunk));
          done();
        },
      });
    const code = await runCli(['sandbox', '--port', String(taken)], {
      stdin: Readable.from([]),
      stdout: sink(() => undefined),
      stderr: sink((s) => {
        err += s;
      }),
    });
    expect(code).toBe(78);
    expect(err).toBe(
      `postie sandbox: port ${taken} is already in use: change --port (the sandboxes take ${ADAPTERS.length} ports from it)\n`,
    );
  });

  it('closes the sandboxes it had started when a later one cannot listen', async () => {
    const { first } = await adjacentPorts();
    await expect(startSandboxes({ clock: createManualClock(), port: first })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
    expect(await listenOn(first)).toBe(first);
  });
});
