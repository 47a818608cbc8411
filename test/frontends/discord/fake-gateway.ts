import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * A Discord gateway on loopback, speaking the documented protocol with JSON text frames and no
 * compression (https://discord.com/developers/docs/events/gateway): HELLO on connect, IDENTIFY → READY
 * (then GUILD_CREATE for each server), heartbeats answered with HEARTBEAT_ACK, dispatches numbered by `s`.
 * Anything else a client sends is recorded in `problems` (a test fails on it).
 */
export interface FakeGateway {
  /** Upgrades `/gateway?v=10&encoding=json` requests of the HTTP server it shares with the fake REST. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Sends a dispatch (op 0) to every identified session. */
  dispatch(event: string, data: unknown): void;
  /** IDENTIFY payloads received (`d`), in order. */
  readonly identifies: Record<string, unknown>[];
  readonly heartbeats: { count: number };
  readonly problems: string[];
  close(): void;
}

export interface GatewayOptions {
  readonly token: string;
  /** The READY payload's `d` (user, application, guilds as unavailable). */
  readonly ready: () => Record<string, unknown>;
  /** GUILD_CREATE payloads sent after READY. */
  readonly guilds: () => readonly Record<string, unknown>[];
  /** @defaultValue 41250 (what Discord sends) */
  readonly heartbeatIntervalMs?: number;
}

const OP = { dispatch: 0, heartbeat: 1, identify: 2, hello: 10, heartbeatAck: 11 } as const;

export function createFakeGateway(options: GatewayOptions): FakeGateway {
  const server = new WebSocketServer({ noServer: true });
  const sessions = new Set<WebSocket>();
  const identifies: Record<string, unknown>[] = [];
  const heartbeats = { count: 0 };
  const problems: string[] = [];
  let sequence = 0;

  const send = (socket: WebSocket, payload: Record<string, unknown>) => socket.send(JSON.stringify(payload));
  const dispatchTo = (socket: WebSocket, event: string, data: unknown) => {
    sequence += 1;
    send(socket, { op: OP.dispatch, t: event, s: sequence, d: data });
  };

  server.on('connection', (socket: WebSocket) => {
    send(socket, {
      op: OP.hello,
      d: { heartbeat_interval: options.heartbeatIntervalMs ?? 41_250 },
      s: null,
      t: null,
    });
    socket.on('message', (raw, isBinary) => {
      const frame = isBinary ? undefined : parseFrame(String(raw));
      if (!frame) return void problems.push('gateway: a frame that is not a JSON text payload');
      if (frame.op === OP.heartbeat) {
        heartbeats.count += 1;
        return send(socket, { op: OP.heartbeatAck, d: null, s: null, t: null });
      }
      if (frame.op === OP.identify) return identify(socket, frame.d);
      problems.push(`gateway: unexpected op ${String(frame.op)}`);
    });
    socket.on('close', () => sessions.delete(socket));
  });

  function identify(socket: WebSocket, data: unknown) {
    const d = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
    identifies.push(d);
    // 4004 Authentication failed (https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway-gateway-close-event-codes)
    if (d['token'] !== options.token) return socket.close(4004, 'Authentication failed.');
    sessions.add(socket);
    dispatchTo(socket, 'READY', options.ready());
    for (const guild of options.guilds()) dispatchTo(socket, 'GUILD_CREATE', guild);
  }

  return {
    handleUpgrade(request, socket, head) {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const query = `${url.searchParams.get('v')}/${url.searchParams.get('encoding')}`;
      if (url.pathname !== '/gateway' || query !== '10/json' || url.searchParams.has('compress')) {
        problems.push(`gateway: unexpected connection ${url.pathname}${url.search}`);
        return void socket.destroy();
      }
      server.handleUpgrade(request, socket, head, (ws) => server.emit('connection', ws, request));
    },
    dispatch(event, data) {
      for (const socket of sessions) dispatchTo(socket, event, data);
    },
    identifies,
    heartbeats,
    problems,
    close() {
      for (const socket of server.clients) socket.terminate();
      server.close();
    },
  };
}

function parseFrame(text: string): { op: unknown; d: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && 'op' in value
      ? { op: value.op, d: 'd' in value ? value.d : undefined }
      : undefined;
  } catch {
    return undefined;
  }
}
