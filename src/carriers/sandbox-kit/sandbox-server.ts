import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../time/clock.js';

/**
 * The loopback HTTP server every carrier sandbox runs on: it logs each request, lets tests switch faults
 * on (latency, error statuses, hangs, truncated or malformed bodies, HTML error pages, dropped
 * connections), and otherwise hands the request to the sandbox's own handler. Sandboxes are for tests,
 * benchmarks and the demo; production never starts one.
 */
export interface SandboxRequest {
  readonly method: string;
  /** Path without the query string, e.g. `/mailTrackingAPI/api/authenticate`. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** When it arrived, by the sandbox clock. */
  readonly at: number;
}

export interface SandboxReply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as JSON unless a string. */
  readonly body: unknown;
}

/**
 * Where a parcel's life is at each stage, in words every carrier can say: a sandbox given a
 * {@link StorySource} writes each stage in its carrier's own format (its `sandbox-story.ts`).
 */
export type StoryStage = 'info_received' | 'in_transit' | 'out_for_delivery' | 'delivered';

export interface StoryEvent {
  /** When it happens (epoch ms, by the sandbox clock); the sandbox shows it from then on. */
  readonly at: number;
  readonly stage: StoryStage;
}

/**
 * Each number's whole story, oldest event first (`undefined`: a number the carrier never hears of). A
 * sandbox given one answers every number from it instead of its scripted parcels, showing the events up
 * to its clock's now; a number none of whose events has happened yet is one the carrier has no record of.
 * Benchmarks use it to put a modelled population behind the real adapters.
 */
export type StorySource = (number: string) => readonly StoryEvent[] | undefined;

type SandboxHandler = (request: SandboxRequest) => SandboxReply | Promise<SandboxReply>;

export type Fault =
  /** Answer normally, after this many real milliseconds. */
  | { readonly kind: 'latency'; readonly ms: number }
  /** Answer with this status (and body) instead. */
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly body?: unknown;
      readonly headers?: Readonly<Record<string, string>>;
    }
  /** Never answer; the client has to give up. */
  | { readonly kind: 'hang' }
  /** Send the first half of the real answer and close. */
  | { readonly kind: 'truncated' }
  /** Answer 200 with a body that is not the documented JSON. */
  | { readonly kind: 'malformed' }
  /** Answer 502 with an HTML error page, as a proxy in front of the API would. */
  | { readonly kind: 'html' }
  /** Drop the connection without answering. */
  | { readonly kind: 'reset' };

interface FaultOptions {
  /** How many requests the fault applies to. @defaultValue every request until `clear()` */
  readonly times?: number;
  /** Only requests whose path contains this. */
  readonly path?: string;
}

interface FaultSwitch {
  inject(fault: Fault, options?: FaultOptions): void;
  clear(): void;
}

export interface SandboxServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Every request received, oldest first. */
  readonly requests: readonly SandboxRequest[];
  readonly faults: FaultSwitch;
  close(): Promise<void>;
}

export interface SandboxServerOptions {
  readonly handle: SandboxHandler;
  readonly clock: Clock;
  /** @defaultValue 0: any free port */
  readonly port?: number;
}

interface ActiveFault {
  readonly fault: Fault;
  remaining: number;
  readonly path?: string;
}

const MALFORMED_BODIES = [
  '{"status": 0, "deliveryResultList": [{"itemNo": ',
  'null',
  '[]',
  '{"data": "not an object"}',
  'OK',
];

export async function startSandboxServer(options: SandboxServerOptions): Promise<SandboxServer> {
  const requests: SandboxRequest[] = [];
  let faults: ActiveFault[] = [];
  let malformedIndex = 0;
  const hanging = new Set<ServerResponse>();

  const takeFault = (path: string): Fault | undefined => {
    const active = faults.find((f) => f.remaining > 0 && (f.path === undefined || path.includes(f.path)));
    if (!active) return undefined;
    active.remaining -= 1;
    faults = faults.filter((f) => f.remaining > 0);
    return active.fault;
  };

  // The error boundary: a request the sandbox cannot read gets 400, a client that goes away mid-body
  // is dropped; nothing a client sends ends the process (`postie sandbox`, `postie demo`).
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    serve(req, res).catch(() => {
      if (res.headersSent || req.socket.destroyed) res.destroy();
      else send(res, 400, {}, { error: 'unreadable request' });
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers[name] = value;
      else if (Array.isArray(value)) headers[name] = value.join(', ');
    }
    const request: SandboxRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers,
      body,
      at: options.clock.now(),
    };
    requests.push(request);

    const fault = takeFault(request.path);
    if (fault?.kind === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'latency') await new Promise((r) => setTimeout(r, fault.ms));
    if (fault?.kind === 'html') {
      send(res, 502, { 'content-type': 'text/html' }, '<html><body><h1>502 Bad Gateway</h1></body></html>');
      return;
    }
    if (fault?.kind === 'status') {
      send(res, fault.status, fault.headers ?? {}, fault.body ?? '');
      return;
    }
    if (fault?.kind === 'malformed') {
      const junk = MALFORMED_BODIES[malformedIndex++ % MALFORMED_BODIES.length] as string;
      send(res, 200, { 'content-type': 'application/json' }, junk);
      return;
    }

    let reply: SandboxReply;
    try {
      reply = await options.handle(request);
    } catch {
      reply = { status: 500, body: { error: 'sandbox handler failed' } };
    }
    if (fault?.kind === 'truncated') {
      const full = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(full.slice(0, Math.floor(full.length / 2)));
      return;
    }
    send(res, reply.status, reply.headers ?? {}, reply.body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    faults: {
      inject: (fault, { times = Number.POSITIVE_INFINITY, path } = {}) => {
        faults.push({ fault, remaining: times, ...(path === undefined ? {} : { path }) });
      },
      clear: () => {
        faults = [];
      },
    },
    close: () =>
      new Promise((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(
  res: ServerResponse,
  status: number,
  headers: Readonly<Record<string, string>>,
  body: unknown,
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const type = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
  res.writeHead(status, { 'content-type': type, ...headers });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
