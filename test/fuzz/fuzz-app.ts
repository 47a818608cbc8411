import { type AppOptions, buildApp, type ServingApp } from '../../src/app/build-app.js';
import { loadConfig } from '../../src/config.js';
import { webhookPath } from '../../src/frontends/telegram/webhook.js';
import { type FakeTelegram, startFakeTelegram } from '../frontends/telegram/fake-telegram.js';
import { TOKEN } from '../frontends/telegram/telegram-harness.js';
import { captureLogger } from '../helpers/capture-logger.js';

export const WEBHOOK_SECRET = 'fuzz-webhook-secret_0123456789';

export interface FuzzTarget {
  readonly app: ServingApp;
  readonly fake: FakeTelegram;
  readonly port: number;
  /** The webhook's path on our listener (the reverse proxy's job is done: no prefix). */
  readonly webhook: string;
  /** Log lines, as objects. */
  readonly lines: Record<string, unknown>[];
  /** Unhandled rejections and uncaught exceptions seen by the process since `startFuzzTarget`. */
  readonly escaped: unknown[];
  close(): Promise<void>;
}

/**
 * The whole of Postie as `postie start` builds it (`buildApp`), with Telegram in webhook mode against the
 * fake Bot API, listening on loopback: what the fuzz tests throw bytes at. Counts every unhandled
 * rejection and uncaught exception the process sees meanwhile.
 */
export async function startFuzzTarget(options: Omit<AppOptions, 'logger'> = {}): Promise<FuzzTarget> {
  const escaped: unknown[] = [];
  const onEscape = (error: unknown) => escaped.push(error);
  process.on('unhandledRejection', onEscape);
  process.on('uncaughtException', onEscape);
  const fake = await startFakeTelegram({ token: TOKEN });
  const { logger, lines } = captureLogger('info');
  const app = await buildApp(
    loadConfig({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://postie.example',
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      HTTP_PORT: '0',
      STORE_URL: 'sqlite://:memory:',
    }),
    { logger, frontends: 'configured', ...options },
  );
  await fake.waitFor(() => fake.state.webhook !== undefined);
  return {
    app,
    fake,
    port: app.address.port,
    webhook: webhookPath(TOKEN),
    lines,
    escaped,
    async close() {
      await app.stop();
      await fake.close();
      process.off('unhandledRejection', onEscape);
      process.off('uncaughtException', onEscape);
    },
  };
}
