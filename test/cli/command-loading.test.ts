import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadedPackages, REPORT_LOADED_PACKAGES } from '../helpers/loaded-packages.js';
import { processOutput } from '../helpers/process-output.js';

/**
 * What each command loads: a command pays, in start-up time and memory, only for the packages it uses.
 * The CLI runs as its own process from the sources, with a preload that reports every package loaded.
 */
const root = join(import.meta.dirname, '..', '..');
const CLI = join(root, 'src', 'cli', 'index.ts');
/** tsx, found from here: the children run in folders of their own. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

let cwd: string;
beforeEach(async () => {
  // An empty folder: no `.env` is read and the embedded store is the test's own.
  cwd = await mkdtemp(join(tmpdir(), 'postie-loading-'));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

function postie(args: readonly string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', TSX, '--import', REPORT_LOADED_PACKAGES, CLI, ...args], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', ...env },
  });
}

/** Everything the child writes on `stream`, once it has exited. */
async function readAll(stream: NodeJS.ReadableStream | null): Promise<string> {
  let text = '';
  for await (const chunk of stream ?? []) text += String(chunk);
  return text;
}

describe('the packages each command loads', () => {
  it('postie detect loads none: detection is Postie’s own code', async () => {
    const child = postie(['detect', '--json']);
    child.stdin?.end('RB 000 000 014 HK\n');
    const [stdout, stderr] = await Promise.all([readAll(child.stdout), readAll(child.stderr)]);
    expect(JSON.parse(stdout)).toMatchObject({ number: 'RB000000014HK' });
    expect(loadedPackages(stderr)).toEqual([]);
  });

  it('postie start with no front-end or carrier configured loads neither telegraf, discord.js nor undici', async () => {
    const child = postie(['start'], { HTTP_PORT: '0' });
    const output = processOutput(child);
    const port = await output.runningOn();
    // An answer means start-up is over: SIGTERM now tests the stop, not a start cut short.
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    child.kill('SIGTERM');
    // `close`: exited, and everything it wrote on stderr has been read.
    const [code] = await once(child, 'close');
    expect(code, output.errors()).toBe(0);
    const loaded = loadedPackages(output.errors());
    // The logger's and the configuration's packages show the preload sees what the program loads.
    expect(loaded).toEqual(expect.arrayContaining(['pino', 'zod']));
    // The metrics are start's own: prom-client loads here, and for no other command.
    expect(loaded).toContain('prom-client');
    expect(loaded).not.toContain('telegraf');
    expect(loaded).not.toContain('discord.js');
    expect(loaded).not.toContain('pino-pretty');
    // The carriers' HTTP client is loaded with the first carrier configured.
    expect(loaded).not.toContain('undici');
    // Nor Node's own copy of it, which an ESM import of `node:http` loads for its `WebSocket` export.
    expect(loaded).not.toContain('node:undici');
  });
});
