import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A `redis-server` child process of the test run's own, on a free loopback port, keeping nothing on
 * disk: tests write to it freely and never touch a Redis they did not start (a developer's 6379, or a
 * parallel run's). The binary is a test prerequisite (`redis-server` on PATH; CI installs none, the
 * machines have it). `stop()` and `start()` let fault tests take the server away and bring it back on
 * the same port, with its data gone as a restarted cache-only Redis would have it, or kept (`keepData`)
 * as a production Redis with an append-only file keeps it.
 */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>`; append `/<db>` for a database of the caller's own. */
  readonly url: string;
  readonly port: number;
  /** Starts it again on the same port after `stop()`; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it (SIGKILL: nothing is saved, clients see the connection drop); resolves once it has exited. */
  stop(): Promise<void>;
}

export interface RedisServerOptions {
  /** @defaultValue a free port picked by the OS */
  readonly port?: number;
  /**
   * Logs every write to an append-only file, synced before the reply (`appendfsync always`), in a
   * temporary folder of the server's own: killed and started again, it has every acknowledged write
   * back (https://redis.io/docs/latest/operate/oss_and_stack/management/persistence/#append-only-file).
   * @defaultValue false: nothing on disk
   */
  readonly keepData?: boolean;
}

/** Databases each server offers, so test files can keep apart by database number. */
const DATABASES = 64;

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const persistence = options.keepData
    ? [
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--dir',
        mkdtempSync(join(tmpdir(), 'postie-redis-')),
      ]
    : ['--appendonly', 'no'];
  if (options.port !== undefined) return startOn(options.port, persistence);
  // Another process may take the free port first: pick another.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOn(await freePort(), persistence);
    } catch (error) {
      if (attempt >= 5) throw error;
    }
  }
}

async function startOn(port: number, persistence: readonly string[]): Promise<RedisServer> {
  let child: ChildProcess | undefined;

  const start = async () => {
    if (child) return;
    const process = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        ...persistence,
        '--databases',
        String(DATABASES),
        '--daemonize',
        'no',
        '--loglevel',
        'notice',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    child = process;
    await readyOrExit(process, port);
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = once(running, 'exit');
      running.kill('SIGKILL');
      await exited;
    },
  };
}

/** Resolves when the server logs that it accepts connections; rejects when it exits first (port taken). */
function readyOrExit(process: ChildProcess, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Ready to accept connections')) {
        process.stdout?.off('data', onData);
        process.stdout?.resume();
        process.off('exit', onExit);
        resolve();
      }
    };
    const onExit = (code: number | null) =>
      reject(new Error(`redis-server on port ${port} exited (${code}) before it was ready:\n${output}`));
    process.stdout?.on('data', onData);
    process.once('exit', onExit);
    process.once('error', (error) =>
      reject(new Error(`could not run redis-server (a test prerequisite): ${error.message}`)),
    );
  });
}

/** A port nothing listens on now (the OS picks it; the server binds it right after). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
