import * as z from 'zod';
import { chatKey } from '../domain/chat.js';
import { clockTimeOf, type QuietHours } from '../domain/quiet-hours.js';
import type { BotCoreDeps } from './bot-core-deps.js';
import type { Conversation } from './conversation.js';

/** What `/quiet` asks: to show the chat's quiet hours, turn them off, set them, or nothing it can read. */
type QuietRequest =
  | { readonly kind: 'show' }
  | { readonly kind: 'off' }
  | { readonly kind: 'set'; readonly hours: QuietHours }
  | { readonly kind: 'invalid' };

/** Longer input is no quiet hours (`22:00-07:30 urgent` is 18 characters). */
const MAX_INPUT = 40;

/** `7:30`, `07:30`, `23:59` as minutes after midnight; no `24:00`, no seconds. */
const clockTime = z
  .string()
  .regex(/^([01]?\d|2[0-3]):[0-5]\d$/)
  .transform((text) => {
    const [hours = 0, minutes = 0] = text.split(':').map(Number);
    return hours * 60 + minutes;
  });

/** `22:00-07:30`: a start and an end that differ (an empty or a whole-day window is no quiet hours). */
const window = z
  .string()
  .transform((text) => text.split('-'))
  .pipe(z.tuple([clockTime, clockTime]))
  .refine(([from, to]) => from !== to);

const request = z.union([
  z.tuple([z.literal('off')]).transform((): QuietRequest => ({ kind: 'off' })),
  z.tuple([window, z.enum(['urgent', 'hold']).optional()]).transform(
    ([[from, to], mode]): QuietRequest => ({
      kind: 'set',
      hours: { from, to, urgent: mode === 'urgent' },
    }),
  ),
]);

/**
 * Reads what follows `/quiet`, strictly: `22:00-07:30`, with `urgent` (or `hold`, the default) after
 * it, or `off`. Full-width digits and colons (NFKC), a dash, en or em dash, tilde, wave dash, `to`, 至 or
 * 到 between the times and spaces around it are read as typed on phones; anything else is `invalid`.
 */
export function readQuietRequest(args: string): QuietRequest {
  const text = args.normalize('NFKC').trim().toLowerCase();
  if (text === '') return { kind: 'show' };
  if (text.length > MAX_INPUT) return { kind: 'invalid' };
  const words = text.replace(/(\d)\s*(?:[-–—~〜]|to|至|到)\s*(\d)/gu, '$1-$2').split(/\s+/);
  const parsed = request.safeParse(words);
  return parsed.success ? parsed.data : { kind: 'invalid' };
}

/**
 * `/quiet`: shows, sets or turns off the chat's quiet hours (in the chat's time zone), and tells the
 * notifier, which sends at once what the new setting no longer holds.
 */
export async function quietCommand(args: string, conv: Conversation, deps: BotCoreDeps): Promise<void> {
  const { renderer } = deps;
  const chat = chatKey(conv.chat);
  const asked = readQuietRequest(args);
  const describe = (hours: QuietHours | undefined, set: boolean) => {
    if (!hours) return renderer.message('quiet_none', conv.view);
    const times = { from: clockTimeOf(hours.from), to: clockTimeOf(hours.to) };
    const key = set
      ? hours.urgent
        ? 'quiet_set_urgent'
        : 'quiet_set'
      : hours.urgent
        ? 'quiet_current_urgent'
        : 'quiet_current';
    return renderer.message(key, conv.view, times);
  };
  switch (asked.kind) {
    case 'invalid':
      return conv.respond(renderer.message('quiet_invalid', conv.view));
    case 'show':
      return conv.respond(describe((await deps.settings.get(chat)).quiet, false));
    case 'off':
      await deps.settings.update(chat, { quiet: undefined });
      deps.quietHoursChanged?.(conv.chat);
      return conv.respond(renderer.message('quiet_off', conv.view));
    case 'set':
      await deps.settings.update(chat, { quiet: asked.hours });
      deps.quietHoursChanged?.(conv.chat);
      return conv.respond(describe(asked.hours, true));
  }
}
