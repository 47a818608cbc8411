import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Logger } from '../logger.js';

/**
 * `node:http` taken as its CommonJS exports: an ESM `import` of it builds a namespace that reads every
 * export, and on Node 24 its lazy `WebSocket` getter then loads Node's bundled undici (about 14 MB of
 * resident memory for a listener that only answers health checks and the webhook).
 */
const { createServer, STATUS_CODES } = process.getBuiltinModule('node:http');

/** A route handler: health checks, the Telegram webhook. */
export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpServerOptions {
  readonly logger: Logger;
  /**
   * The request line and headers must have arrived this long after the connection opened or the last
   * response (Node's `server.headersTimeout`): a client that trickles them in (slowloris) gets 408.
   * @defaultValue 10 000 ms
   */
  readonly headersTimeoutMs?: number;
  /** The whole request, body included (Node's `server.requestTimeout`). @defaultValue 30 000 ms */
  readonly requestTimeoutMs?: number;
  /**
   * How often Node looks for requests past those two limits (`connectionsCheckingInterval`), so a
   * limit is enforced this much late at most. @defaultValue 1 000 ms
   */
  readonly timeoutCheckIntervalMs?: number;
}

export interface HttpServer {
  /** Registers `handler` for `method path` (exact path match, after dot segments are resolved). */
  route(method: string, path: string, handler: Handler): void;
  /** Listens on `host:port` (port 0 picks a free one); rejects with Node's error (`EADDRINUSE`, …). */
  listen(port: number, host: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

/**
 * The process's one HTTP listener (`HTTP_HOST`, `HTTP_PORT`): health checks and the Telegram webhook.
 *
 * Every byte from the network is handled inside this boundary, and nothing a client sends can throw out
 * of it: a request target that is no URL gets 400, an unknown path 404, a known path with another
 * method 405, a handler that throws 500 without details (logged at error), a malformed or too large
 * request line or header section 400 or 431, a request that does not arrive in time 408. A client that
 * goes away mid-request is logged at debug: it is the network, not a failure of ours.
 */
export function createHttpServer(options: HttpServerOptions): HttpServer {
  const { logger } = options;
  const routes = new Map<string, Map<string, Handler>>();

  const server: Server = createServer(
    {
      headersTimeout: options.headersTimeoutMs ?? 10_000,
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      connectionsCheckingInterval: options.timeoutCheckIntervalMs ?? 1_000,
    },
    (req, res) => {
      try {
        dispatch(req, res);
      } catch (error) {
        fail(req, res, error);
      }
    },
  );

  function dispatch(req: IncomingMessage, res: ServerResponse) {
    const path = pathOf(req.url ?? '');
    if (path === undefined) return answer(res, 400, 'bad_request');
    const methods = routes.get(path);
    if (!methods) return answer(res, 404, 'not_found');
    const handler = methods.get(req.method ?? '');
    if (!handler) return answer(res, 405, 'method_not_allowed', { allow: [...methods.keys()].join(', ') });
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((error: unknown) => fail(req, res, error));
  }

  function fail(req: IncomingMessage, res: ServerResponse, error: unknown) {
    if (clientWentAway(req, error)) {
      logger.debug({ code: codeOf(error) }, 'HTTP client went away mid-request');
      res.destroy();
      return;
    }
    logger.error({ err: error }, 'HTTP handler failed');
    if (res.headersSent) res.destroy();
    else answer(res, 500, 'internal');
  }

  // Requests Node's parser refuses before they reach a route. Node's own answer is the same status, but
  // without a listener here the refusal is not logged; with one, answering is ours to do.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      logger.debug({ code: error.code }, 'HTTP client went away mid-request');
      socket.destroy();
      return;
    }
    const status = CLIENT_ERROR_STATUS[error.code ?? ''] ?? 400;
    logger.debug({ code: error.code, status }, 'malformed HTTP request refused');
    socket.end(rawAnswer(status));
  });
  // CONNECT asks for a tunnel (RFC 9110 §9.3.6); without a listener Node drops the connection unanswered.
  server.on('connect', (_req: IncomingMessage, socket: Socket) => {
    socket.on('error', () => socket.destroy());
    socket.end(rawAnswer(405));
  });

  return {
    route(method, path, handler) {
      const methods = routes.get(path) ?? new Map<string, Handler>();
      methods.set(method, handler);
      routes.set(path, methods);
    },
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      }),
    close: () =>
      new Promise((resolve, reject) => {
        if (!server.listening) return resolve();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Statuses for the parser's refusals, as Node answers them (`lib/_http_server.js`, `socketOnError`). */
const CLIENT_ERROR_STATUS: Readonly<Record<string, number>> = {
  HPE_HEADER_OVERFLOW: 431,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

/**
 * The path of a request target: origin-form (`/healthz?x`) or absolute-form (`http://host/healthz`,
 * RFC 9112 §3.2.2), dot segments resolved; `undefined` when it is no URL at all (`http://[`).
 */
function pathOf(target: string): string | undefined {
  const base = 'http://localhost';
  return URL.canParse(target, base) ? new URL(target, base).pathname : undefined;
}

function answer(res: ServerResponse, status: number, error: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify({ error }));
}

function rawAnswer(status: number): string {
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`;
}

const codeOf = (error: unknown): string | undefined =>
  error instanceof Error && 'code' in error ? String(error.code) : undefined;

/** The client closed the connection before the request was read or answered. */
function clientWentAway(req: IncomingMessage, error: unknown): boolean {
  const code = codeOf(error);
  return (
    (req.destroyed || req.socket.destroyed) &&
    (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNABORTED')
  );
}
