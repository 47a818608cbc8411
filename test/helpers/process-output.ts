import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/**
 * A child process's output as it arrives, read without ever closing its pipes early: a Postie that
 * writes a log line to a closed pipe fails with EPIPE, which is not what a test means to see.
 */
export interface ProcessOutput {
  /** Everything written on stdout so far. */
  readonly text: () => string;
  /** Everything written on stderr so far, for failure messages. */
  readonly errors: () => string;
  /** Resolves when stdout closes: every process holding it has exited. */
  readonly closed: Promise<unknown>;
  /** Resolves to the HTTP port once Postie logs `Postie is running`; rejects if stdout closes first. */
  readonly runningOn: () => Promise<number>;
}

export function processOutput(child: ChildProcess): ProcessOutput {
  const { stdout, stderr } = child;
  if (!stdout) throw new Error('the child has no stdout pipe');
  let [text, errors, isClosed] = ['', '', false];
  stdout.setEncoding('utf8').on('data', (chunk: string) => {
    text += chunk;
  });
  stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    errors += chunk;
  });
  const closed = once(stdout, 'close').then(() => {
    isClosed = true;
  });
  const runningOn = async () => {
    for (;;) {
      const complete = text.split('\n').slice(0, -1);
      const line = complete.find((l) => l.includes('"msg":"Postie is running"'));
      if (line) return (JSON.parse(line) as { port: number }).port;
      if (isClosed) throw new Error(`Postie exited before it was running:\n${text}${errors}`);
      await Promise.race([once(stdout, 'data'), closed]);
    }
  };
  return { text: () => text, errors: () => errors, closed, runningOn };
}
