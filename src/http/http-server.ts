import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A route handler; front-ends add their webhook endpoints here in later stages. */
export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpServer {
  /** Registers `handler` for `method path` (exact path match). */
  route(method: string, path: string, handler: Handler): void;
  listen(port: number): Promise<AddressInfo>;
  close(): Promise<void>;
}

/**
 * The process's one HTTP listener (`HTTP_PORT`): health checks now, webhooks and metrics as they arrive.
 * Unknown paths get 404; a handler that throws gets a 500 without details.
 */
export function createHttpServer(onError: (error: unknown) => void): HttpServer {
  const routes = new Map<string, Handler>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const handler = routes.get(`${req.method} ${path}`);
    if (!handler) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
      return;
    }
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((error: unknown) => {
        onError(error);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"error":"internal"}');
      });
  });

  return {
    route: (method, path, handler) => routes.set(`${method} ${path}`, handler),
    listen: (port) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      }),
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
