import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app/build-app.js';
import { startSandboxes } from '../src/carriers/sandboxes.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { systemClock } from '../src/time/clock.js';
import { startFakeTelegram } from './frontends/telegram/fake-telegram.js';
import { privateChat, TOKEN, user } from './frontends/telegram/telegram-harness.js';
import { testRedisUrl } from './helpers/test-redis.js';

interface LogLine {
  readonly msg?: string;
  readonly disabled?: string;
}

function captureLogger() {
  const lines: LogLine[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: createLogger({ level: 'info', pretty: false, destination }), lines };
}

describe('the composition root', () => {
  it('starts with nothing configured, answers health checks, reports what is off, and stops', async () => {
    const { logger, lines } = captureLogger();
    const app = await buildApp(loadConfig({ HTTP_PORT: '0', STORE_URL: 'sqlite://:memory:' }), {
      logger,
      frontends: 'configured',
    });
    try {
      // Loopback unless HTTP_HOST says otherwise: nothing is exposed on other interfaces by default.
      expect(app.address.address).toBe('127.0.0.1');
      const health = await fetch(`http://127.0.0.1:${app.address.port}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      expect((await fetch(`http://127.0.0.1:${app.address.port}/nope`)).status).toBe(404);
    } finally {
      await app.stop();
      await app.stop();
    }
    const disabled = lines.flatMap((l) => l.disabled ?? []);
    expect(disabled).toContain('telegram: TELEGRAM_BOT_TOKEN is not set');
    expect(disabled).toContain('trackingmore: TRACKINGMORE_API_KEY is not set');
    expect(lines.map((l) => l.msg)).toContain('stopped');
  });

  it('starts and stops on the shared Redis store too', async () => {
    const { logger } = captureLogger();
    const app = await buildApp(loadConfig({ HTTP_PORT: '0', STORE_URL: testRedisUrl() }), {
      logger,
      frontends: 'configured',
    });
    expect((await fetch(`http://127.0.0.1:${app.address.port}/healthz`)).status).toBe(200);
    await app.stop();
  });

  it('runs the Telegram front-end from the environment: a message in, a timeline out', async () => {
    const fake = await startFakeTelegram({ token: TOKEN });
    const sandboxes = await startSandboxes({ clock: systemClock, enforceLimits: false });
    const { logger } = captureLogger();
    const app = await buildApp(
      loadConfig({
        ...sandboxes.env,
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: fake.apiRoot,
        HTTP_PORT: '0',
        STORE_URL: 'sqlite://:memory:',
      }),
      { logger, frontends: 'configured' },
    );
    try {
      fake.userSays(privateChat(501), user(501), 'RB000000014HK');
      const reply = await fake.waitFor(() =>
        fake.messagesIn(501).find((m) => m.text.includes('RB000000014HK')),
      );
      expect(reply.text).toContain('Hongkong Post');
      expect(fake.calls.some((c) => c.method === 'setMyCommands')).toBe(true);
    } finally {
      await app.stop();
      await Promise.all([fake.close(), sandboxes.close()]);
    }
  });
});
