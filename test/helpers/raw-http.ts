import { connect } from 'node:net';

/** What came back on one raw connection. */
export interface RawExchange {
  /** Every final status line's code, in order (1xx interim answers left out). */
  readonly statuses: readonly number[];
  /** Everything the server sent, as latin1 text. */
  readonly text: string;
}

export interface RawRequestOptions {
  /**
   * Half-close after writing, as a client that has nothing more to send: the server answers what it
   * has and closes. `false` keeps the connection open (a slow client): only the server ends it.
   * @defaultValue true
   */
  readonly end?: boolean;
}

/**
 * Writes `bytes` to `127.0.0.1:port` as they are (no HTTP library in between, so malformed requests
 * reach the server exactly as written) and resolves once the server has closed the connection.
 */
export function rawRequest(
  port: number,
  bytes: string | Uint8Array,
  options: RawRequestOptions = {},
): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true }, () => {
      socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
      if (options.end ?? true) socket.end();
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // The server is done: close our side too (half-open connections are allowed so that `end` can be chosen).
    socket.on('end', () => socket.end());
    // A reset after the server answered is how some refusals end; what was received still counts.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error);
    });
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const statuses = [...text.matchAll(/(?:^|\r\n)HTTP\/1\.[01] (\d{3}) /g)]
        .map((m) => Number(m[1]))
        .filter((status) => status >= 200);
      resolve({ statuses, text });
    });
  });
}
