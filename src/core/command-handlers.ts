import { carrierInfo } from '../carriers/catalogue.js';
import { chatKey } from '../domain/chat.js';
import type { CommandName } from '../domain/commands.js';
import { LOCALES, type Locale } from '../domain/locale.js';
import { toTrackingNumber } from '../domain/tracking-number.js';
import { UPDATE_LEVELS } from '../store/chat-settings.js';
import { isTimeZone } from '../time/zoned-time.js';
import type { BotCoreDeps } from './bot-core-deps.js';
import { askToConfirm } from './confirm-flow.js';
import type { Conversation } from './conversation.js';
import { readStartParameter } from './deep-links.js';
import { quietCommand } from './quiet-command.js';
import { listSubscriptions, subscribe, unsubscribe } from './subscription-flow.js';
import { trackText } from './track-flow.js';

/** The last word of `/track` that reads the numbers before it as Fuuffy order ids. */
const FUUFFY_ORDERS = 'fuuffy';

/** Runs one command with the text after it; `typed` false for a message read as `/track` (plain text). */
export async function runCommand(
  name: CommandName,
  args: string,
  conv: Conversation,
  deps: BotCoreDeps,
  typed = true,
): Promise<void> {
  const { renderer } = deps;
  const words = args.trim().split(/\s+/).filter(Boolean);
  switch (name) {
    case 'start': {
      // `/start track_RB…` from a deep link (`deep-links.ts`) is answered as the command it names.
      const link = readStartParameter(args);
      if (link) return runCommand(link.command, link.number, conv, deps);
      return conv.respond(renderer.message('welcome', conv.view));
    }
    case 'help':
      return conv.respond(renderer.message('help', conv.view));
    case 'track': {
      // `/track <numbers…> [carrier]`: a last word that names a carrier picks the carrier; `fuuffy`
      // makes every number a Fuuffy order id (`/track 3550875 fuuffy`); `order:3550806` is one too.
      const last = words.at(-1)?.toLowerCase();
      const chosen = words.length > 1 && last !== undefined;
      // Only a typed command: "… at fuuffy" in a message never makes its numbers order ids.
      const allOrders = typed && chosen && last === FUUFFY_ORDERS;
      const carrier = chosen && !allOrders && carrierInfo(last) ? last : undefined;
      const text = carrier || allOrders ? words.slice(0, -1).join(' ') : args;
      if (words.length === 0) return conv.respond(renderer.message('no_numbers', conv.view));
      const fuuffyOrders = allOrders ? 'all' : typed ? 'command' : 'named';
      return trackText(text, conv, deps, { ...(carrier ? { carrier } : {}), fuuffyOrders });
    }
    case 'subscribe': {
      const number = words[0] ? toTrackingNumber(words[0]) : null;
      if (!number) return conv.respond(renderer.message('not_a_number', conv.view));
      const label = words.slice(1).join(' ').slice(0, 64) || undefined;
      return subscribe({ number, ...(label ? { label } : {}) }, conv, deps);
    }
    case 'unsubscribe':
      return unsubscribe(words[0], conv, deps);
    case 'list':
      return listSubscriptions(conv, deps);
    case 'language': {
      const wanted = words[0] ? LOCALES.find((l) => l.toLowerCase() === words[0]?.toLowerCase()) : undefined;
      if (!wanted) return conv.respond(renderer.languagePicker(conv.view));
      return setLanguage(wanted, conv, deps);
    }
    case 'timezone': {
      if (!words[0])
        return conv.respond(renderer.message('timezone_current', conv.view, { zone: conv.view.timeZone }));
      const zone = canonicalZone(words[0]);
      if (!zone) return conv.respond(renderer.message('timezone_invalid', conv.view, { zone: words[0] }));
      await deps.settings.update(chatKey(conv.chat), { timeZone: zone });
      return conv.respond(renderer.message('timezone_set', { ...conv.view, timeZone: zone }, { zone }));
    }
    case 'updates': {
      const wanted = UPDATE_LEVELS.find((level) => level === words[0]?.toLowerCase());
      const mode = wanted ?? (await deps.settings.get(chatKey(conv.chat))).updates ?? 'events';
      if (wanted) await deps.settings.update(chatKey(conv.chat), { updates: wanted });
      return conv.respond(renderer.message(`updates_${mode}`, conv.view));
    }
    case 'quiet':
      return quietCommand(args, conv, deps);
    case 'forget':
      return askToConfirm('forget', conv, deps);
  }
}

export async function setLanguage(locale: Locale, conv: Conversation, deps: BotCoreDeps): Promise<void> {
  await deps.settings.update(chatKey(conv.chat), { locale });
  await conv.respond(deps.renderer.message('language_set', { ...conv.view, locale }));
}

/** `asia/hong_kong` → `Asia/Hong_Kong`; `undefined` for anything Intl does not know. */
function canonicalZone(input: string): string | undefined {
  if (!isTimeZone(input)) return undefined;
  return new Intl.DateTimeFormat('en-US', { timeZone: input }).resolvedOptions().timeZone;
}
