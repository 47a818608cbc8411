import { chatKey } from '../../domain/chat.js';
import { chatTimeZone, type Locale } from '../../domain/locale.js';
import type { ChatSettingsStore } from '../../store/chat-settings.js';
import { dailyWindowAt } from '../../time/daily-window.js';
import type { QuietNow } from '../census.js';

/**
 * Whether a subscription's chat is inside its quiet hours (`/quiet`) at `now`, in the zone its
 * notifications are read in (its `/timezone`, else its language's, else the default): what waits for
 * it then is held by choice.
 */
export function quietNowOn(
  settings: ChatSettingsStore,
  defaults: { readonly locale: Locale; readonly timeZone: string },
): QuietNow {
  return async (subscription, now) => {
    const chosen = await settings.get(chatKey(subscription.chat));
    if (!chosen.quiet) return false;
    const locale = chosen.locale ?? subscription.locale ?? defaults.locale;
    const timeZone = chatTimeZone(chosen.timeZone, locale, defaults.timeZone);
    return dailyWindowAt(chosen.quiet, timeZone, now) !== undefined;
  };
}
