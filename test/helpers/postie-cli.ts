import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ENV_KEYS } from '../../src/config.js';

const root = join(import.meta.dirname, '..', '..');
const loader = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const entry = join(root, 'src', 'cli', 'index.ts');

export interface PostieRun {
  readonly child: ChildProcess;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout line that `match` accepts (lines arrive as JSON logs). */
  waitForLine(match: (line: string) => boolean): Promise<string>;
  /** Resolves with the exit status once the process has ended. */
  readonly exited: Promise<number | null>;
}

/**
 * `postie <args>` as its own process, the way an operator runs it (the real CLI entry, its process
 * handlers and exit), in an empty working directory (no `.env`) with only `env` of Postie's variables.
 */
export function runPostie(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  /** Another script to run instead of the CLI entry (a test fixture). */
  script = entry,
): PostieRun {
  const inherited = { ...process.env };
  for (const key of ENV_KEYS) delete inherited[key];
  const child = spawn(process.execPath, ['--import', loader, script, ...args], {
    cwd: mkdtempSync(join(tmpdir(), 'postie-cli-')),
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { match: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  child.stdout?.on('data', (chunk) => {
    stdout += String(chunk);
    for (const line of stdout.split('\n')) {
      for (const waiter of waiters.filter((w) => w.match(line))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    waitForLine: (match) =>
      new Promise((resolve, reject) => {
        const seen = stdout.split('\n').find(match);
        if (seen !== undefined) return resolve(seen);
        waiters.push({ match, resolve });
        void exited.then(() => reject(new Error(`postie exited first:\n${stdout}\n${stderr}`)));
      }),
    exited,
  };
}
