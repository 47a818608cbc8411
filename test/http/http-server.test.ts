import { connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHttpServer, type HttpServer, type HttpServerOptions } from '../../src/http/http-server.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { rawRequest } from '../helpers/raw-http.js';

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A listener on loopback with a health route, a route that reads its body and one that throws. */
async function start(options: Partial<HttpServerOptions> = {}) {
  const captured = captureLogger('debug');
  const http = createHttpServer({ logger: captured.logger, ...options });
  server = http;
  http.route('GET', '/healthz', (_req, res) => void res.writeHead(200).end('{"status":"ok"}'));
  http.route('POST', '/echo', async (req, res) => {
    let size = 0;
    for await (const chunk of req) size += (chunk as Buffer).length;
    res.writeHead(200).end(JSON.stringify({ size }));
  });
  http.route('GET', '/boom', () => {
    throw new Error('handler bug');
  });
  const { port, address } = await http.listen(0, '127.0.0.1');
  return { port, address, lines: captured.lines };
}

const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: postie.test\r\n\r\n`;

describe('the HTTP listener', () => {
  it('answers a request whose target is no URL with 400, and goes on serving', async () => {
    const { port } = await start();
    expect((await rawRequest(port, get('http://['))).statuses).toEqual([400]);
    expect((await rawRequest(port, get('/healthz'))).statuses).toEqual([200]);
  });

  it('routes absolute-form targets and resolves dot segments', async () => {
    const { port } = await start();
    expect((await rawRequest(port, get('http://postie.test/healthz?probe=1'))).statuses).toEqual([200]);
    expect((await rawRequest(port, get('/static/../healthz'))).statuses).toEqual([200]);
    expect((await rawRequest(port, get('/nowhere'))).statuses).toEqual([404]);
  });

  it('answers a known path asked with another method 405, naming the methods it takes', async () => {
    const { port } = await start();
    const { statuses, text } = await rawRequest(port, get('/echo'));
    expect(statuses).toEqual([405]);
    expect(text.toLowerCase()).toContain('allow: post');
  });

  it('answers 500 without details when a handler throws, and logs it at error', async () => {
    const { port, lines } = await start();
    const { statuses, text } = await rawRequest(port, get('/boom'));
    expect(statuses).toEqual([500]);
    expect(text).not.toContain('handler bug');
    expect(lines).toContainEqual(expect.objectContaining({ level: 50, msg: 'HTTP handler failed' }));
  });

  it('logs a client that goes away mid-body at debug, not as a failure', async () => {
    const { port, lines } = await start();
    const partial = 'POST /echo HTTP/1.1\r\nHost: postie.test\r\nContent-Length: 100\r\n\r\n0123456789';
    // The client resets the connection before the body is complete.
    await new Promise<void>((resolve) => {
      const socket = connect({ port, host: '127.0.0.1' }, () => {
        socket.write(partial, () => socket.resetAndDestroy());
      });
      socket.on('close', () => resolve());
      socket.on('error', () => undefined);
    });
    await vi.waitFor(() =>
      expect(lines).toContainEqual(
        expect.objectContaining({ level: 20, msg: 'HTTP client went away mid-request' }),
      ),
    );
    expect(lines.filter((l) => Number(l['level']) >= 40)).toEqual([]);
  });

  it('refuses a header section over 16 KiB with 431 and a malformed request line with 400', async () => {
    const { port, lines } = await start();
    const huge = `GET /healthz HTTP/1.1\r\nHost: postie.test\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`;
    expect((await rawRequest(port, huge)).statuses).toEqual([431]);
    expect((await rawRequest(port, 'GET /healthz HTTP/1.1 trailing\r\n\r\n')).statuses).toEqual([400]);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 20, msg: 'malformed HTTP request refused' }),
    );
  });

  it('answers CONNECT with 405 instead of dropping the connection', async () => {
    const { port } = await start();
    const { statuses } = await rawRequest(
      port,
      'CONNECT postie.test:443 HTTP/1.1\r\nHost: postie.test:443\r\n\r\n',
    );
    expect(statuses).toEqual([405]);
  });

  it('answers 408 and closes when the headers or the body do not arrive in time (slowloris)', async () => {
    const { port } = await start({ headersTimeoutMs: 50, requestTimeoutMs: 100, timeoutCheckIntervalMs: 10 });
    const slowHeaders = rawRequest(port, 'GET /healthz HTTP/1.1\r\nHost: postie.test\r\nX-Slow: 1', {
      end: false,
    });
    const slowBody = rawRequest(
      port,
      'POST /echo HTTP/1.1\r\nHost: postie.test\r\nContent-Length: 100\r\n\r\nonly a part',
      { end: false },
    );
    const silent = rawRequest(port, '', { end: false });
    expect((await slowHeaders).statuses).toEqual([408]);
    expect((await slowBody).statuses).toEqual([408]);
    expect((await silent).statuses).toEqual([408]);
  });

  it('listens on the address it is given', async () => {
    const { address } = await start();
    expect(address).toBe('127.0.0.1');
  });
});
