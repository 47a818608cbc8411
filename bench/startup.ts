/**
 * Start-up cost of the `postie` command line, beside a bare Node start (`node -e 0`) in the same run:
 *
 * - `postie detect` on one line of stdin, spawn to exit;
 * - `postie start` with nothing configured, spawn to the first 200 from `/healthz`, and its resident
 *   memory once idle;
 * - the files each one loads and the packages in them, installed or bundled (a module hook counts them
 *   in a separate run, so counting costs nothing in the timings);
 * - the CPU time each one takes (user and system, every thread), which a loaded machine disturbs far
 *   less than the wall-clock time: to exit, reported by a `--require` preload at `exit`
 *   (`process.cpuUsage()`), and for `postie start` to healthy, read from `/proc` (Linux only).
 *
 * Every child runs the shipped build (`dist/cli/index.js`, which `npm run bench` rebuilds first when a
 * source changed: `scripts/build.ts`), in an empty folder of its own: no `.env` is read and the
 * embedded store starts empty. Rounds alternate between the commands so each sees the same machine
 * load; the table shows each command's medians and their ratios to the bare Node start's.
 *
 * Targets (the start-up issue): detect ≤ 3× and start-to-healthy ≤ 6× a bare Node start; idle memory
 * ≤ 80 MB with no front-end configured.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { formatSeconds, MB, printTable } from './measure.js';

/** From `dist-bench/bench/startup.js`, where `npm run bench` compiles this file. */
const CLI = fileURLToPath(new URL('../../dist/cli/index.js', import.meta.url));
const ROUNDS = 9;
/** How long `postie start` idles before its memory is read. */
const IDLE_MS = 2000;

/**
 * A preload that counts the files Node loads (ESM and CommonJS, built-ins apart) and the packages in
 * them, from `node_modules` or bundled (esbuild starts each bundled module with a comment naming its
 * source, `// node_modules/zod/…`), and prints the counts on stderr at exit (`module.registerHooks`).
 */
const COUNT_MODULES = `data:text/javascript,${encodeURIComponent(`
import { registerHooks } from 'node:module';
const files = new Set();
const packages = new Set();
registerHooks({ load(url, context, next) {
  const loaded = next(url, context);
  if (url.startsWith('node:')) return loaded;
  files.add(url);
  const installed = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(url)?.[1];
  if (installed) packages.add(installed);
  else for (const m of String(loaded.source ?? '').matchAll(/^\\/\\/ (?:.*\\/)?node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//gm)) packages.add(m[1]);
  return loaded;
} });
process.on('exit', () => {
  process.stderr.write('\\n' + JSON.stringify({ files: files.size, packages: packages.size }) + '\\n');
});`)}`;

/** A preload that prints the process's CPU time on stderr at exit (written to the bench's folder). */
const CPU_AT_EXIT = `process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  process.stderr.write('\\n' + JSON.stringify({ cpuSeconds: (user + system) / 1e6 }) + '\\n');
});`;

interface Run {
  readonly seconds: number;
  readonly cpuSeconds?: number;
  readonly rssMB?: number;
}

interface Command {
  readonly name: string;
  /** Runs the command once in `cwd`, with `nodeArgs` before the script. */
  run(cwd: string, nodeArgs: readonly string[]): Promise<Run & { stderr: string }>;
}

const bareNode: Command = {
  name: 'node -e 0',
  async run(cwd, nodeArgs) {
    const started = performance.now();
    const child = spawn(process.execPath, [...nodeArgs, '-e', '0'], { cwd, env: cleanEnv() });
    const stderr = collect(child);
    await exited(child);
    const seconds = (performance.now() - started) / 1000;
    return { seconds, ...reportedCpu(await stderr), stderr: await stderr };
  },
};

const detect: Command = {
  name: 'postie detect (one line)',
  async run(cwd, nodeArgs) {
    const started = performance.now();
    const child = spawn(process.execPath, [...nodeArgs, CLI, 'detect'], { cwd, env: cleanEnv() });
    const stderr = collect(child);
    child.stdin?.end('RB 000 000 014 HK\n');
    const code = await exited(child);
    if (code !== 0) throw new Error(`postie detect exited with ${code}: ${await stderr}`);
    const seconds = (performance.now() - started) / 1000;
    return { seconds, ...reportedCpu(await stderr), stderr: await stderr };
  },
};

const start: Command = {
  name: 'postie start (to healthy)',
  async run(cwd, nodeArgs) {
    const port = await freePort();
    const started = performance.now();
    const child = spawn(process.execPath, [...nodeArgs, CLI, 'start'], {
      cwd,
      env: cleanEnv({ HTTP_PORT: String(port) }),
    });
    const stderr = collect(child);
    child.stdout?.resume();
    try {
      await healthy(port, child);
      const seconds = (performance.now() - started) / 1000;
      const cpuSeconds = threadsCpuSeconds(child.pid);
      await sleep(IDLE_MS);
      const rssMB = residentMB(child.pid);
      child.kill('SIGTERM');
      await exited(child);
      return {
        seconds,
        stderr: await stderr,
        ...(cpuSeconds === undefined ? {} : { cpuSeconds }),
        ...(rssMB === undefined ? {} : { rssMB }),
      };
    } finally {
      child.kill('SIGKILL');
    }
  },
};

export async function startupSuite(): Promise<void> {
  const commands = [bareNode, detect, start];
  console.log(
    `## Start-up: median of ${ROUNDS} alternating rounds, each beside \`node -e 0\` (CLI: ${CLI.replace(process.cwd(), '.')})`,
  );
  const runs = commands.map(() => [] as Run[]);
  const loads: { files: number; packages: number }[] = [];
  const cwd = mkdtempSync(join(tmpdir(), 'postie-bench-startup-'));
  const cpuPreload = join(cwd, 'cpu-at-exit.cjs');
  writeFileSync(cpuPreload, CPU_AT_EXIT);
  try {
    for (const command of commands) {
      const { stderr } = await command.run(cwd, ['--import', COUNT_MODULES]);
      loads.push(JSON.parse(stderr.trim().split('\n').at(-1) ?? '{}'));
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, command] of commands.entries()) {
        runs[i]?.push(await command.run(cwd, command === start ? [] : ['--require', cpuPreload]));
      }
    }
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
  const medianOf = (i: number, value: (run: Run) => number | undefined) =>
    median((runs[i] ?? []).flatMap((run) => value(run) ?? []));
  const [base, baseCpu] = [medianOf(0, (r) => r.seconds), medianOf(0, (r) => r.cpuSeconds)];
  printTable(
    ['command', 'median', 'vs node -e 0', 'CPU', 'vs node -e 0', 'files loaded', 'packages', 'idle RSS'],
    commands.map((command, i) => {
      const seconds = medianOf(i, (r) => r.seconds);
      const cpuSeconds = medianOf(i, (r) => r.cpuSeconds);
      const rss = (runs[i] ?? []).flatMap((r) => (r.rssMB === undefined ? [] : [r.rssMB]));
      return [
        command.name,
        formatSeconds(seconds),
        `${(seconds / base).toFixed(1)}×`,
        Number.isNaN(cpuSeconds) ? '–' : formatSeconds(cpuSeconds),
        Number.isNaN(cpuSeconds) ? '–' : `${(cpuSeconds / baseCpu).toFixed(1)}×`,
        String(loads[i]?.files ?? '–'),
        String(loads[i]?.packages ?? '–'),
        rss.length > 0 ? `${median(rss).toFixed(0)} MB` : '',
      ];
    }),
  );
  console.log();
}

/** Only what Node needs: no `.env`-like variables of the caller reach the children. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env['PATH'] ?? '', ...extra };
}

function collect(child: ChildProcess): Promise<string> {
  let text = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return once(child, 'close').then(() => text);
}

async function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

/** Polls `/healthz` every 2 ms until it answers 200; fails if the child exits first. */
async function healthy(port: number, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postie start exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return;
    await sleep(2);
  }
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}

/** The CPU time of the process's live threads, from each one's `schedstat` in `/proc` (Linux); `undefined` elsewhere. */
function threadsCpuSeconds(pid: number | undefined): number | undefined {
  try {
    const tasks = readdirSync(`/proc/${pid}/task`);
    const ns = tasks.map((task) =>
      Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]),
    );
    return ns.reduce((sum, n) => sum + n, 0) / 1e9;
  } catch {
    return undefined;
  }
}

/** The CPU time the `--require` preload printed at exit, if it ran. */
function reportedCpu(stderr: string): { cpuSeconds?: number } {
  const last = stderr.trim().split('\n').at(-1) ?? '';
  const cpuSeconds = last.startsWith('{"cpuSeconds"')
    ? (JSON.parse(last) as { cpuSeconds: number }).cpuSeconds
    : undefined;
  return cpuSeconds === undefined ? {} : { cpuSeconds };
}

/** Resident memory from `/proc` (Linux); `undefined` elsewhere. */
function residentMB(pid: number | undefined): number | undefined {
  try {
    const kB = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kB === undefined ? undefined : (Number(kB) * 1024) / MB;
  } catch {
    return undefined;
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
