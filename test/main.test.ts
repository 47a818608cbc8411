import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startApp } from '../src/main.js';

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
    const app = await startApp(loadConfig({ HTTP_PORT: '0', STORE_URL: 'sqlite://:memory:' }), logger);
    try {
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
    const app = await startApp(loadConfig({ HTTP_PORT: '0', STORE_URL: 'redis://127.0.0.1:6379' }), logger);
    expect((await fetch(`http://127.0.0.1:${app.address.port}/healthz`)).status).toBe(200);
    await app.stop();
  });
});
