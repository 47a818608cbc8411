import { loadConfig } from '../../src/config.js';
import { webhookPath } from '../../src/frontends/telegram/webhook.js';
import { type App, type AppOptions, startApp } from '../../src/main.js';
import { type FakeTelegram, startFakeTelegram } from '../frontends/telegram/fake-telegram.js';
import { TOKEN } from '../frontends/telegram/telegram-harness.js';
import { captureLogger } from '../helpers/capture-logger.js';

export const WEBHOOK_SECRET = 'fuzz-webhook-secret_0123456789';

export interface FuzzTarget {
  readonly app: App;
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
 * The whole of Postie as production builds it (`startApp`), with Telegram in webhook mode against the
 * fake Bot API, listening on loopback: what the fuzz tests throw bytes at. Counts every unhandled
 * rejection and uncaught exception the process sees meanwhile.
 */
export async function startFuzzTarget(options: AppOptions = {}): Promise<FuzzTarget> {
  const escaped: unknown[] = [];
  const onEscape = (error: unknown) => escaped.push(error);
  process.on('unhandledRejection', onEscape);
  process.on('uncaughtException', onEscape);
  const fake = await startFakeTelegram({ token: TOKEN });
  const { logger, lines } = captureLogger('info');
  const app = await startApp(
    loadConfig({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://postie.example',
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      HTTP_PORT: '0',
      STORE_URL: 'sqlite://:memory:',
    }),
    logger,
    options,
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
