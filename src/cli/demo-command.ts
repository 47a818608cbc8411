import { parseArgs } from 'node:util';
import { buildApp } from '../app/build-app.js';
import { startSandboxes } from '../carriers/sandboxes.js';
import { loadConfig } from '../config.js';
import { LOCALES, type Locale } from '../domain/locale.js';
import { runConsole } from '../frontends/console/console-frontend.js';
import { createLogger } from '../logger.js';
import { createAdjustableClock, parseDuration } from '../time/adjustable-clock.js';
import { isTerminal } from './chat-command.js';
import type { CliIo } from './cli-io.js';
import { EXIT } from './exit-codes.js';
import { usageOf } from './help.js';

/** `postie demo [--lang en|zh-HK|zh-CN]`: Postie in the terminal against the sandboxes, started in-process. */
export async function demoCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { lang: { type: 'string', default: 'en' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    io.stdout.write(`${usageOf('demo')}\n`);
    return 0;
  }
  if (!(LOCALES as readonly string[]).includes(values.lang)) {
    io.stderr.write(`postie demo: --lang must be one of ${LOCALES.join(', ')}\n`);
    return EXIT.usage;
  }
  const clock = createAdjustableClock();
  const sandboxes = await startSandboxes({ clock, enforceLimits: true });
  const config = loadConfig({
    ...sandboxes.env,
    STORE_URL: 'sqlite://:memory:',
    DEFAULT_LOCALE: values.lang,
  });
  const logger = createLogger({ level: 'warn', pretty: false, stream: 'stderr' });
  // Notifications go out a moment after they are found, so `/advance` shows them before its own answer.
  const app = await buildApp(config, {
    logger,
    clock,
    bot: { defaults: { locale: values.lang as Locale, timeZone: 'Asia/Hong_Kong' }, batchWindowMs: 200 },
  });
  const { bot } = app;
  try {
    const { renderer } = bot.core;
    io.stdout.write(`${renderer.t(values.lang as Locale, 'demo.intro')}\n\n`);
    await runConsole({
      core: bot.core,
      onNotificationChannel: (channel) => bot.engine.addChannel(channel),
      input: io.stdin,
      output: io.stdout,
      color: isTerminal(io.stdout),
      extraCommands: {
        // Answered in the chat's language, as Postie's own answers are (`/language` changes it).
        advance: async (text, locale) => {
          const ms = parseDuration(text);
          if (ms === undefined) return renderer.t(locale, 'demo.advance_usage');
          clock.advance(ms);
          const count = await bot.engine.runDue();
          return renderer.t(locale, 'demo.advanced', { duration: text.trim(), count });
        },
      },
    });
    return 0;
  } finally {
    await app.stop();
    await sandboxes.close();
  }
}
