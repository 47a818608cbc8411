import { buildApp, type ServingApp } from '../../src/app/build-app.js';
import { type RunningSandboxes, startSandboxes } from '../../src/carriers/sandboxes.js';
import { loadConfig } from '../../src/config.js';
import { type AdjustableClock, createAdjustableClock } from '../../src/time/adjustable-clock.js';
import { systemClock } from '../../src/time/clock.js';
import { type FakeTelegram, startFakeTelegram } from '../frontends/telegram/fake-telegram.js';
import { privateChat, TOKEN, user } from '../frontends/telegram/telegram-harness.js';
import { captureLogger } from '../helpers/capture-logger.js';

export const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';
/** The Telegram chat listed in ADMIN_CHAT_IDS. */
export const ADMIN_CHAT = 4242;

/**
 * `postie start` as the composition root builds it: the Telegram front-end against the fake Bot API,
 * the carrier sandboxes on the app's clock (their parcels move as the test moves it), the store `storeUrl`
 * names, and the operator's views behind METRICS_TOKEN.
 */
export interface OpsRig {
  readonly app: ServingApp;
  readonly telegram: FakeTelegram;
  readonly sandboxes: RunningSandboxes;
  /** Real time that the test moves on (as `postie demo` does): waits are the code's own, short ones. */
  readonly clock: AdjustableClock;
  readonly lines: Record<string, unknown>[];
  readonly base: string;
  /** GET `path` with the token (or `token`), as text. */
  get(path: string, token?: string | null): Promise<{ status: number; text: string; headers: Headers }>;
  /** The value of one sample in `/metrics`, 0 when it is absent. */
  sample(name: string, labels?: Record<string, string>): Promise<number>;
  /** The first reply from the bot in chat `id` to `text`. */
  ask(id: number, text: string, languageCode?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startOpsRig(
  options: { storeUrl?: string; env?: Record<string, string> } = {},
): Promise<OpsRig> {
  const clock = createAdjustableClock();
  const telegram = await startFakeTelegram({ token: TOKEN });
  const sandboxes = await startSandboxes({ clock, enforceLimits: false });
  const { logger, lines } = captureLogger('info');
  const app = await buildApp(
    loadConfig({
      ...sandboxes.env,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      HTTP_PORT: '0',
      STORE_URL: options.storeUrl ?? 'sqlite://:memory:',
      METRICS_TOKEN,
      ADMIN_CHAT_IDS: `telegram:${ADMIN_CHAT}`,
      ...options.env,
    }),
    { logger, frontends: 'configured', clock, deadlineClock: systemClock, bot: { batchWindowMs: 0 } },
  );
  const base = `http://127.0.0.1:${app.address.port}`;
  const get = async (path: string, token: string | null = METRICS_TOKEN) => {
    const response = await fetch(`${base}${path}`, {
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
    });
    return { status: response.status, text: await response.text(), headers: response.headers };
  };
  return {
    app,
    telegram,
    sandboxes,
    clock,
    lines,
    base,
    get,
    async sample(name, labels = {}) {
      const { text } = await get('/metrics');
      const wanted = Object.entries(labels);
      for (const line of text.split('\n')) {
        const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
        if (!match || match[1] !== name) continue;
        const found = Object.fromEntries(
          [...(match[2] ?? '').matchAll(/([a-z_]+)="([^"]*)"/g)].map(([, k, v]) => [k, v]),
        );
        if (wanted.every(([k, v]) => found[k] === v)) return Number(match[3]);
      }
      return 0;
    },
    async ask(id, text, languageCode = 'en') {
      const replies = () => telegram.messagesIn(id).filter((m) => m.fromBot);
      const before = replies().length;
      telegram.userSays(privateChat(id), user(id, languageCode), text);
      return (await telegram.waitFor(() => replies()[before])).text;
    },
    async close() {
      await app.stop();
      await telegram.close();
      await sandboxes.close();
    },
  };
}
