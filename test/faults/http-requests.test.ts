import { connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildApp, type ServingApp } from '../../src/app/build-app.js';
import { loadConfig } from '../../src/config.js';
import { webhookPath } from '../../src/frontends/telegram/webhook.js';
import { type FakeTelegram, startFakeTelegram } from '../frontends/telegram/fake-telegram.js';
import { TOKEN } from '../frontends/telegram/telegram-harness.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { rawRequest } from '../helpers/raw-http.js';

/**
 * Faults from the network, against the whole of Postie (`buildApp` as `postie start` asks, with Telegram by webhook): one
 * request that is no URL must not end the process, and a client that goes away mid-body is the
 * network's doing, logged at debug.
 */
let app: ServingApp | undefined;
let fake: FakeTelegram | undefined;
afterEach(async () => {
  await app?.stop();
  await fake?.close();
  app = fake = undefined;
});

async function start() {
  fake = await startFakeTelegram({ token: TOKEN });
  const captured = captureLogger('debug');
  app = await buildApp(
    loadConfig({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://postie.example',
      TELEGRAM_WEBHOOK_SECRET: 'the-webhook-secret',
      HTTP_PORT: '0',
      STORE_URL: 'sqlite://:memory:',
    }),
    { logger: captured.logger, frontends: 'configured' },
  );
  return { port: app.address.port, lines: captured.lines };
}

describe('fault: hostile HTTP requests', () => {
  it('answers GET http://[ with 400 and goes on running', async () => {
    const { port } = await start();
    const bad = await rawRequest(port, 'GET http://[ HTTP/1.1\r\nHost: postie.example\r\n\r\n');
    expect(bad.statuses).toEqual([400]);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });

  it('logs a webhook client that goes away mid-body at debug, with no error and no stack', async () => {
    const { port, lines } = await start();
    await new Promise<void>((resolve) => {
      const socket = connect({ port, host: '127.0.0.1' }, () => {
        const head = [
          `POST ${webhookPath(TOKEN)} HTTP/1.1`,
          'Host: postie.example',
          'X-Telegram-Bot-Api-Secret-Token: the-webhook-secret',
          'Content-Type: application/json',
          'Content-Length: 500',
        ].join('\r\n');
        socket.write(`${head}\r\n\r\n{"update_id":1,"message":`, () => socket.resetAndDestroy());
      });
      socket.on('close', () => resolve());
      socket.on('error', () => undefined);
    });
    await vi.waitFor(() =>
      expect(lines).toContainEqual(
        expect.objectContaining({ level: 20, msg: 'HTTP client went away mid-request' }),
      ),
    );
    expect(lines.filter((l) => Number(l['level']) >= 50)).toEqual([]);
    expect(JSON.stringify(lines)).not.toContain('"stack"');
  });
});
