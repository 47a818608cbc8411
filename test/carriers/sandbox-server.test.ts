import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type SandboxServer, startSandboxServer } from '../../src/carriers/sandbox-kit/sandbox-server.js';
import { createManualClock } from '../../src/time/manual-clock.js';
import { rawRequest } from '../helpers/raw-http.js';

/** The server under every carrier sandboxes (`postie sandbox`, `postie demo`): no request may end it. */
let sandbox: SandboxServer | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const portOf = (server: SandboxServer) => Number(new URL(server.url).port);

describe('the sandbox server', () => {
  it('answers a request whose target is no URL with 400, and goes on serving', async () => {
    sandbox = await startSandboxServer({
      clock: createManualClock(),
      handle: () => ({ status: 200, body: { ok: true } }),
    });
    const port = portOf(sandbox);
    expect((await rawRequest(port, 'GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n')).statuses).toEqual([400]);
    expect((await rawRequest(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n')).statuses).toEqual([200]);
  });

  it('survives a client that goes away mid-body and a handler that throws', async () => {
    sandbox = await startSandboxServer({
      clock: createManualClock(),
      handle: (request) => {
        if (request.path === '/boom') throw new Error('sandbox bug');
        return { status: 200, body: { ok: true } };
      },
    });
    const port = portOf(sandbox);
    await new Promise<void>((resolve) => {
      const socket = connect({ port, host: '127.0.0.1' }, () => {
        socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\nabc', () =>
          socket.resetAndDestroy(),
        );
      });
      socket.on('close', () => resolve());
      socket.on('error', () => undefined);
    });
    expect((await rawRequest(port, 'GET /boom HTTP/1.1\r\nHost: x\r\n\r\n')).statuses).toEqual([500]);
    expect((await rawRequest(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n')).statuses).toEqual([200]);
  });
});
