/**
 * What this process has written, from Linux's per-process I/O accounting (`/proc/self/io`,
 * https://docs.kernel.org/filesystems/proc.html#proc-pid-io-display-the-io-accounting-fields):
 * `written` is every byte handed to `write()`-like calls (files, and sockets or pipes when there are any),
 * `toStorage` the bytes of file pages this process dirtied, what the disk will receive (a page dirtied
 * twice before it is flushed counts once). Undefined where the file does not exist (not Linux).
 */
import { readFileSync } from 'node:fs';

export interface ProcessIo {
  readonly written: number;
  readonly toStorage: number;
}

export function processIo(): ProcessIo | undefined {
  let text: string;
  try {
    text = readFileSync('/proc/self/io', 'utf8');
  } catch {
    return undefined;
  }
  const field = (name: string) => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  return { written: field('wchar'), toStorage: field('write_bytes') };
}

/** What was written between two readings, or undefined when either is missing. */
export function ioSince(before: ProcessIo | undefined): ProcessIo | undefined {
  const after = processIo();
  if (!before || !after) return undefined;
  return { written: after.written - before.written, toStorage: after.toStorage - before.toStorage };
}
