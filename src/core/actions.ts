import type { CarrierId } from '../domain/carrier.js';
import { LOCALES, type Locale } from '../domain/locale.js';

/**
 * What a button does. Actions travel inside the button (Telegram `callback_data`, at most 64 bytes;
 * Discord `custom_id`, at most 100 characters), so a button pressed after a restart still works: no
 * server-side state is needed to read one.
 */
export type Action =
  | { readonly kind: 'refresh'; readonly number: string; readonly carrier?: CarrierId }
  | { readonly kind: 'show_all'; readonly number: string; readonly carrier?: CarrierId }
  | { readonly kind: 'subscribe'; readonly number: string; readonly carrier?: CarrierId }
  | { readonly kind: 'unsubscribe'; readonly number: string }
  /** Track the number as another carrier than the best guess. */
  | { readonly kind: 'track_as'; readonly number: string; readonly carrier: CarrierId }
  | { readonly kind: 'language'; readonly locale: Locale };

/** Telegram's `callback_data` limit (https://core.telegram.org/bots/api#inlinekeyboardbutton), the tighter one. */
export const MAX_ACTION_BYTES = 64;

const CODES = {
  refresh: 'r',
  show_all: 'a',
  subscribe: 's',
  unsubscribe: 'u',
  track_as: 't',
  language: 'l',
} as const satisfies Record<Action['kind'], string>;
const KINDS = Object.fromEntries(Object.entries(CODES).map(([k, v]) => [v, k])) as Record<
  string,
  Action['kind']
>;

/**
 * `r:RB000000014HK:hongkong-post`: a one-letter kind, then the fields. A carrier that would not fit in
 * 64 bytes is left out (the core falls back to the best candidate), except for `track_as`, which is
 * nothing without it: check `fitsInButton` before offering one.
 */
export function encodeAction(action: Action): string {
  const code = CODES[action.kind];
  if (action.kind === 'language') return `${code}:${action.locale}`;
  const full =
    'carrier' in action && action.carrier
      ? `${code}:${action.number}:${action.carrier}`
      : `${code}:${action.number}`;
  return Buffer.byteLength(full) <= MAX_ACTION_BYTES || action.kind === 'track_as'
    ? full
    : `${code}:${action.number}`;
}

/** Whether the action can ride in a button on every platform and comes back whole when pressed. */
export function fitsInButton(action: Action): boolean {
  const data = encodeAction(action);
  return (
    Buffer.byteLength(data) <= MAX_ACTION_BYTES &&
    JSON.stringify(decodeAction(data)) === JSON.stringify(action)
  );
}

/** The action a button carries, or `undefined` for anything else (old formats, forged data). */
export function decodeAction(data: string): Action | undefined {
  const [code, first, second] = data.split(':');
  const kind = code === undefined ? undefined : KINDS[code];
  if (!kind || !first || !/^[A-Za-z0-9-]{1,40}$/.test(first)) return undefined;
  if (kind === 'language')
    return (LOCALES as readonly string[]).includes(first) ? { kind, locale: first as Locale } : undefined;
  const carrier = second && /^[a-z0-9-]{1,40}$/.test(second) ? second : undefined;
  if (kind === 'track_as') return carrier ? { kind, number: first, carrier } : undefined;
  if (kind === 'unsubscribe') return { kind, number: first };
  return { kind, number: first, ...(carrier ? { carrier } : {}) };
}
