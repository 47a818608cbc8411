import type { BotCommand, Opts } from 'telegraf/types';
import type { BotCore } from '../../core/bot-core.js';
import type { Locale } from '../../domain/locale.js';
import type { Logger } from '../../logger.js';
import { fitCommandDescription } from './markup.js';
import { loggableError } from './telegram-errors.js';

/**
 * The menu of commands per language (setMyCommands), derived from the core's one command table.
 *
 * Telegram chooses a menu by the user's language with "a two-letter ISO 639-1 language code"
 * (https://core.telegram.org/bots/api#setmycommands), so one Chinese menu has to serve both of Postie's
 * Chinese locales. It is zh-HK (Traditional): Telegram is blocked in mainland China, so the Chinese
 * readers Postie meets on Telegram are mostly in Hong Kong, Macau, Taiwan and overseas communities that
 * read Traditional; Postie's home carrier is Hongkong Post. Simplified readers can read the menu's
 * short lines, and replies still follow each chat's own choice (`/language`, or the user's language
 * code, e.g. `zh-hans` → zh-CN).
 */
const MENUS: readonly { readonly languageCode?: string; readonly locale: Locale }[] = [
  /** The default menu, for every language without one of its own. */
  { locale: 'en' },
  { languageCode: 'zh', locale: 'zh-HK' },
];

/** The menu in one locale: each command with its description from the renderer. */
function commandMenu(core: BotCore, locale: Locale): BotCommand[] {
  return core.commands.map((spec) => ({
    command: spec.name,
    description: fitCommandDescription(
      core.renderer.describeCommand(spec.name, locale).description,
      spec.name,
    ),
  }));
}

/**
 * Publishes every menu. A failure is logged and start-up goes on: the bot works without a menu (users
 * type commands or read /help), and the next start tries again.
 */
export async function publishCommandMenus(
  setMyCommands: (payload: Opts<'setMyCommands'>) => Promise<unknown>,
  core: BotCore,
  logger: Logger,
): Promise<void> {
  for (const menu of MENUS) {
    try {
      await setMyCommands({
        commands: commandMenu(core, menu.locale),
        ...(menu.languageCode ? { language_code: menu.languageCode } : {}),
      });
    } catch (error) {
      logger.warn(
        { error: loggableError(error), language: menu.languageCode ?? 'default' },
        'Telegram command menu not set',
      );
    }
  }
}
