import { COMMANDS } from '../domain/commands.js';
import type { Block, Reply } from '../domain/reply.js';
import { cleanText } from './carrier-text.js';
import type { TextParams } from './i18n.js';
import type { RenderContext } from './render-context.js';
import type { MessageKey } from './renderer.js';
import { blockOf, compact } from './spans.js';
import { dateFormat, intlLocale, TIME } from './times.js';

/**
 * The parameters each message's text uses (`{{name}}` in `messages.<key>`); a test holds the locale
 * files to this table. `zone` and `time` default to the chat's zone and the time there now; a missing
 * parameter reads as empty text, never as `{{name}}`.
 */
export const MESSAGE_PARAMS: Readonly<Record<MessageKey, readonly string[]>> = {
  welcome: [],
  help: [],
  no_numbers: [],
  capped: ['max'],
  not_a_number: [],
  subscribed: ['number'],
  already_subscribed: ['number'],
  subscription_limit: [],
  subscription_daily_limit: [],
  updates_all: [],
  updates_events: [],
  updates_milestones: [],
  quiet_none: ['zone'],
  quiet_current: ['from', 'to', 'zone'],
  quiet_current_urgent: ['from', 'to', 'zone'],
  quiet_set: ['from', 'to', 'zone'],
  quiet_set_urgent: ['from', 'to', 'zone'],
  quiet_off: [],
  quiet_invalid: [],
  quiet_digest: ['from', 'to'],
  unsubscribed: ['number'],
  unsubscribed_all: ['count'],
  not_subscribed: ['number'],
  stall_kept: ['number'],
  nothing_to_unsubscribe: [],
  language_set: [],
  timezone_current: ['zone', 'time'],
  timezone_set: ['zone', 'time'],
  timezone_invalid: ['zone'],
  forgotten: [],
  did_you_mean: ['number', 'suggestion'],
  unknown_command: ['command'],
  error: [],
  admins_only: [],
  admin_check_failed: [],
  confirmation_expired: ['command'],
  confirmation_cancelled: [],
  store_unavailable: [],
};

/** Messages only the person who asked needs to see (Discord ephemeral replies). */
const PRIVATE_MESSAGES: ReadonlySet<MessageKey> = new Set([
  'error',
  'store_unavailable',
  'unknown_command',
  'timezone_invalid',
  'quiet_invalid',
  'admins_only',
  'admin_check_failed',
]);

/** Longest parameter value shown: parameters echo what people typed. @defaultValue 64 */
const MAX_PARAM = 64;

export function messageReply(key: MessageKey, ctx: RenderContext, params: TextParams = {}): Reply {
  const text = ctx.t(`messages.${key}`, messageParams(key, ctx, params));
  const blocks = compact(
    text.split('\n').map((line) => blockOf('line', line)),
    key === 'help' ? commandList(ctx) : [],
  );
  return { blocks, ...(PRIVATE_MESSAGES.has(key) ? { private: true } : {}) };
}

function messageParams(key: MessageKey, ctx: RenderContext, given: TextParams): Record<string, string> {
  const { view, locale } = ctx;
  const defaults: Record<string, string> = {
    zone: view.timeZone,
    time: dateFormat(locale, view.timeZone, TIME).format(view.now),
  };
  const numbers = new Intl.NumberFormat(intlLocale(locale));
  return Object.fromEntries(
    MESSAGE_PARAMS[key].map((name) => {
      const value = given[name];
      const text =
        typeof value === 'number'
          ? numbers.format(value)
          : value === undefined
            ? undefined
            : cleanText(value, MAX_PARAM);
      return [name, text ?? defaults[name] ?? ''];
    }),
  );
}

/** `/track — Track parcels by their tracking numbers`, one line per command, in table order. */
function commandList(ctx: RenderContext): Block[] {
  return compact(
    COMMANDS.map((command) =>
      // Plain text: Telegram makes a bare `/command` tappable, which a code span would prevent.
      blockOf('line', `/${command.name}`, ' — ', ctx.t(`commands.${command.name}.description`)),
    ),
  );
}
