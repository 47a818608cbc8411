import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { loadedPackages, REPORT_LOADED_PACKAGES } from './helpers/loaded-packages.js';
import { processOutput } from './helpers/process-output.js';

/**
 * The production image, proven without a Docker engine: the Dockerfile's runtime stage replayed in an
 * empty folder. The package as `npm pack` makes it is unpacked there, its production dependencies are
 * installed from the lockfile without running any install script, and Postie runs from that folder
 * (the image's /app) with no configuration, by the image's own CMD and HEALTHCHECK.
 */
const root = join(import.meta.dirname, '..');
/** The runtime stage's install, verbatim (a test below checks that the Dockerfile runs the same). */
const INSTALL = ['ci', '--omit=dev', '--omit=optional', '--ignore-scripts', '--no-audit', '--no-fund'];

const exec = promisify(execFile);
let work: string;
/** The unpacked, installed package: the image's /app. */
let app: string;
let dockerfile: string;

beforeAll(async () => {
  dockerfile = await readFile(join(root, 'Dockerfile'), 'utf8');
  work = await mkdtemp(join(tmpdir(), 'postie-packed-'));
  app = join(work, 'app');
  await mkdir(app);
  // `npm pack` runs `prepare` (the incremental build) first: the tarball holds the current sources.
  await exec('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root });
  const tarball = (await readdir(work)).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack made no tarball');
  await exec('tar', ['-xzf', join(work, tarball), '--strip-components=1', '-C', app]);
  await copyFile(join(root, 'package-lock.json'), join(app, 'package-lock.json'));
  await copyFile(join(root, '.npmrc'), join(app, '.npmrc'));
  // From npm's cache where `npm ci` put the packages already; the registry only for what is missing.
  await exec('npm', [...INSTALL, '--prefer-offline'], { cwd: app });
  await mkdir(join(app, 'data'));
}, 300_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** The instructions of the Dockerfile's last stage (the runtime), continuation lines joined. */
function runtimeStage(): string[] {
  const lines = dockerfile.replace(/\\\n\s*/g, ' ').split('\n');
  const from = lines.findLastIndex((l) => l.startsWith('FROM '));
  return lines.slice(from).filter((l) => /^[A-Z]+ /.test(l));
}

function instruction(name: string): string {
  const found = runtimeStage().find((l) => l.startsWith(`${name} `));
  if (!found) throw new Error(`the runtime stage has no ${name}`);
  return found.slice(name.length + 1).trim();
}

/** The image's CMD (exec form), with `node` as this Node. */
function imageCommand(): string[] {
  const [program, ...args] = JSON.parse(instruction('CMD')) as string[];
  expect(program).toBe('node');
  return args;
}

/** Runs the HEALTHCHECK's `node -e` script against `port`; resolves to its exit code. */
async function healthcheck(port: number): Promise<number | null> {
  const script = /CMD node -e "(.*)"$/.exec(instruction('HEALTHCHECK'))?.[1];
  if (!script) throw new Error('the HEALTHCHECK is not `CMD node -e "…"`');
  const child = spawn(process.execPath, ['-e', script], {
    env: { PATH: process.env['PATH'] ?? '', HTTP_PORT: String(port) },
  });
  const [code] = await once(child, 'exit');
  return code;
}

/** No configuration at all: only what Node needs, and the image's NODE_ENV; a port of the test's own. */
const bareEnv = () => ({ PATH: process.env['PATH'] ?? '', NODE_ENV: 'production', HTTP_PORT: '0' });

/**
 * An import of a package or a built-in module in the built code, as esbuild writes them: `from "x"`,
 * `import "x"`, `import("x")`, `require("x")` (relative imports left out).
 */
const PACKAGE_IMPORT =
  /(?:\b(?:from|import) |\bimport\(|\brequire\()"((?:@[\w.-]+\/)?\w[\w.:-]*(?:\/[\w./-]*)?)"/g;

interface RunOptions {
  /** Written to stdin, which is then closed. */
  readonly input?: string;
  /** Node's options, before the script. */
  readonly nodeArgs?: readonly string[];
  /** Added to {@link bareEnv}. */
  readonly env?: Record<string, string>;
}

/** Runs the packed CLI in the installed folder. */
async function postie(
  args: readonly string[],
  { input = '', nodeArgs = [], env = {} }: RunOptions = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [...nodeArgs, 'dist/cli/index.js', ...args], {
    cwd: app,
    env: { ...bareEnv(), ...env },
  });
  child.stdin.end(input);
  let [stdout, stderr] = ['', ''];
  child.stdout.on('data', (chunk) => {
    stdout += String(chunk);
  });
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const [code] = await once(child, 'close');
  return { code, stdout, stderr };
}

/** Ends a process group the test started, whatever is left of it. */
function killGroup(pid: number | undefined): void {
  try {
    if (pid) process.kill(-pid, 'SIGKILL');
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ESRCH')) throw error;
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

describe('the packed install (the image’s runtime stage)', () => {
  it('is what the Dockerfile’s runtime stage installs', () => {
    expect(instruction('RUN')).toContain(`npm ${INSTALL.join(' ')}`);
    expect(instruction('WORKDIR')).toBe('/app');
  });

  it('fills Node’s compile cache with what `postie start` loads, as the image’s user', async () => {
    const stage = runtimeStage();
    const fill = stage.find((l) => l.startsWith('RUN node '));
    if (!fill) throw new Error('the runtime stage does not fill the compile cache');
    expect(stage.indexOf('USER node')).toBeLessThan(stage.indexOf(fill));
    const [script = '', ...args] = fill
      .replace(/^RUN node /, '')
      .replace(/\s*>\s*\/dev\/null$/, '')
      .split(' ');
    // The cache's folder is below the system's temporary folder, which TMPDIR names.
    const tmp = join(work, 'image-tmp');
    await mkdir(tmp);
    await exec(process.execPath, [script, ...args], { cwd: app, env: { ...bareEnv(), TMPDIR: tmp } });
    expect(await readdir(join(tmp, 'node-compile-cache'), { recursive: true })).not.toEqual([]);
  });

  it('holds the built code and the locales, without sources, TypeScript or dev packages', async () => {
    const files = await listFiles(app);
    expect(files).toEqual(
      expect.arrayContaining(['dist/cli/index.js', 'locales/en.json', 'locales/zh-HK.json']),
    );
    const shipped = files.filter((f) => !f.startsWith('node_modules/'));
    expect(shipped.filter((f) => f.startsWith('src/') || /\.(ts|tsbuildinfo)$/.test(f))).toEqual([]);
    // Source maps ship beside the code they map, for `--enable-source-maps`, without the sources.
    const maps = shipped.filter((f) => f.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(0);
    for (const map of maps) expect(shipped).toContain(map.replace(/\.map$/, ''));
    const installed = await readdir(join(app, 'node_modules'));
    expect(installed).toEqual(expect.arrayContaining(['telegraf', 'discord.js', 'undici']));
    // Bundled into the code (scripts/build.ts), so not installed; and the development tools.
    for (const devOnly of [
      'zod',
      'pino',
      'i18next',
      'keyv',
      'typescript',
      'vitest',
      'tsx',
      'esbuild',
      '@biomejs',
    ])
      expect(installed).not.toContain(devOnly);
  });

  it('imports at run time only packages the runtime stage installs', async () => {
    const manifest = JSON.parse(await readFile(join(app, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const imported = new Set<string>();
    for (const file of (await listFiles(join(app, 'dist'))).filter((f) => f.endsWith('.js'))) {
      const code = await readFile(join(app, 'dist', file), 'utf8');
      for (const [, specifier = ''] of code.matchAll(PACKAGE_IMPORT)) {
        if (!isBuiltin(specifier)) imported.add(/^(?:@[^/]+\/)?[^/]+/.exec(specifier)?.[0] ?? specifier);
      }
    }
    // The packages a configured front-end, carrier or store loads: proof the scan finds imports.
    expect([...imported]).toEqual(
      expect.arrayContaining(['telegraf', 'discord.js', 'undici', '@redis/client']),
    );
    const installed = await readdir(join(app, 'node_modules'), { recursive: true });
    for (const name of imported) {
      expect(Object.keys(manifest.dependencies), name).toContain(name);
      expect(installed, name).toContain(name);
    }
  });

  it('prints its version through the package’s bin', async () => {
    const manifest = JSON.parse(await readFile(join(app, 'package.json'), 'utf8'));
    expect(manifest.bin.postie).toBe('dist/cli/index.js');
    expect(await readFile(join(app, manifest.bin.postie), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(await postie(['--version'])).toMatchObject({ code: 0, stdout: `${manifest.version}\n` });
  });

  it('detects the numbers in piped text', async () => {
    const { code, stdout, stderr } = await postie(['detect', '--json'], {
      input: 'tracking RB 000 000 014 HK\n',
    });
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      number: 'RB000000014HK',
      candidates: [{ carrier: 'hongkong-post', adapter: 'hongkong-post', check: 'valid' }],
    });
  });

  it('runs the demo on piped input, in English and in Hong Kong Chinese', async () => {
    const { code, stdout, stderr } = await postie(['demo'], {
      input: 'RB000000014HK\n/language zh-HK\nRB000000014HK\n',
    });
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('Hongkong Post RB000000014HK');
    expect(stdout).toContain('香港郵政 RB000000014HK');
  });

  it('loads no package for postie detect, bundled or installed', async () => {
    const { code, stdout, stderr } = await postie(['detect', '--json'], {
      input: 'RB 000 000 014 HK\n',
      nodeArgs: ['--import', REPORT_LOADED_PACKAGES],
    });
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ number: 'RB000000014HK' });
    expect(loadedPackages(stderr)).toEqual([]);
  });

  it('keeps its compiled code in Node’s compile cache, and runs quietly where the cache cannot be written', async () => {
    // The cache's default folder is below the system's temporary folder, which TMPDIR names.
    const tmp = join(work, 'tmp');
    await mkdir(tmp);
    const detect = (env: Record<string, string>) =>
      postie(['detect', '--json'], { input: 'RB 000 000 014 HK\n', env });
    expect(await detect({ TMPDIR: tmp })).toMatchObject({ code: 0, stderr: '' });
    expect(await readdir(join(tmp, 'node-compile-cache'))).not.toEqual([]);
    // A folder below a file cannot be made, whoever runs the test.
    expect(await detect({ TMPDIR: join(app, 'package.json') })).toMatchObject({ code: 0, stderr: '' });
  });

  it('loads neither telegraf, discord.js nor undici for postie start with nothing configured', async () => {
    const child = spawn(process.execPath, ['--import', REPORT_LOADED_PACKAGES, ...imageCommand()], {
      cwd: app,
      env: bareEnv(),
    });
    onTestFinished(() => {
      child.kill('SIGKILL');
    });
    const output = processOutput(child);
    const port = await output.runningOn();
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    child.kill('SIGTERM');
    const [code] = await once(child, 'close');
    expect(code, output.errors()).toBe(0);
    const loaded = loadedPackages(output.errors());
    // Bundled packages are seen too (the logger's, the configuration's).
    expect(loaded).toEqual(expect.arrayContaining(['pino', 'zod']));
    for (const unused of ['telegraf', 'discord.js', 'undici', 'node:undici', '@redis/client', 'pino-pretty'])
      expect(loaded).not.toContain(unused);
  });

  it('starts by the image’s CMD with no configuration, passes its HEALTHCHECK, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, imageCommand(), { cwd: app, env: bareEnv() });
    onTestFinished(() => {
      child.kill('SIGKILL');
    });
    const output = processOutput(child);
    const port = await output.runningOn();
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await healthcheck(port)).toBe(0);

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(await healthcheck(port)).toBe(1);
  });

  it('stops Postie when `npm start` is sent SIGTERM (no orphaned node process)', async () => {
    // The package's own `start` script; `--ignore-scripts` skips `prestart` (the build: it is built).
    const npm = spawn('npm', ['start', '--ignore-scripts', '--silent'], {
      cwd: app,
      env: { ...bareEnv(), HOME: process.env['HOME'] ?? work },
      // A process group of its own, so that whatever it leaves behind can be ended after the test.
      detached: true,
    });
    onTestFinished(() => killGroup(npm.pid));
    const output = processOutput(npm);
    const port = await output.runningOn();
    // An answer means start-up is over: SIGTERM now tests the script, not a start cut short.
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    npm.kill('SIGTERM');
    // stdout closes once every process holding it has exited: an orphaned Postie would hold it open.
    await output.closed;
    expect(output.text()).toContain('"msg":"stopped"');
  });
});
