import * as z from 'zod';
import { carrierInfo } from '../carriers/catalogue.js';
import { createRuleMatcher, type RuleMatcher } from '../detect/match-rules.js';
import { FORMAT_RULES } from '../detect/rules/index.js';
import { type Action, DESTRUCTIVE } from '../domain/action.js';
import { LOCALES } from '../domain/locale.js';
import { type TrackingNumber, toTrackingNumber } from '../domain/tracking-number.js';

/** Telegram's `callback_data` limit (https://core.telegram.org/bots/api#inlinekeyboardbutton), the tighter one. */
export const MAX_ACTION_BYTES = 64;

const CODES = {
  refresh: 'r',
  show_all: 'a',
  subscribe: 's',
  unsubscribe: 'u',
  keep_following: 'k',
  track_as: 't',
  language: 'l',
  confirm: 'c',
  cancel: 'x',
  share: 'h',
} as const satisfies Record<Action['kind'], string>;
/** A `Map`, not an object: a forged code such as `constructor` must not find `Object.prototype`'s. */
const KINDS: ReadonlyMap<string, Action['kind']> = new Map(
  Object.entries(CODES).map(([kind, code]) => [code, kind as Action['kind']]),
);

/**
 * How an {@link Action} rides in a button and comes back when pressed: `r:RB000000014HK:hongkong-post`: a one-letter kind, then the fields. A carrier that would not fit in
 * 64 bytes is left out (the core falls back to the best candidate), except for `track_as`, which is
 * nothing without it: check `fitsInButton` before offering one.
 */
export function encodeAction(action: Action): string {
  const code = CODES[action.kind];
  if (action.kind === 'language') return `${code}:${action.locale}`;
  if (action.kind === 'confirm')
    return `${code}:${action.what}:${Math.floor(action.expiresAt / 1000).toString(36)}`;
  if (action.kind === 'cancel') return `${code}:${action.what}`;
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

/** The detection rules' matcher, built on first use (the rules are static data). */
let matcher: RuleMatcher | undefined;

/**
 * What button data must look like, field by field: some forty zod schemas, built on the first press
 * rather than when the module loads (`postie start` renders no button before a chat writes).
 */
function buttonDataSchema() {
  /** A number as written in a button: compact letters and digits that fit some known format. */
  const numberField = z
    .string()
    .regex(/^[A-Za-z0-9-]{1,40}$/)
    .transform((written, ctx): TrackingNumber => {
      const number = toTrackingNumber(written);
      matcher ??= createRuleMatcher(FORMAT_RULES);
      if (number && number.length <= matcher.maxLength && matcher.match(number).length > 0) return number;
      ctx.addIssue({ code: 'custom', message: 'not a number of any known format' });
      return z.NEVER;
    });

  /**
   * A number to stop following, or to keep following after a stall alert: whatever the chat follows, so
   * any compact number (nothing is looked up; the core answers for a number the chat does not follow).
   */
  const followedNumberField = z
    .string()
    .regex(/^[A-Za-z0-9-]{1,40}$/)
    .transform((written, ctx): TrackingNumber => {
      const number = toTrackingNumber(written);
      if (number) return number;
      ctx.addIssue({ code: 'custom', message: 'not a tracking number' });
      return z.NEVER;
    });

  /** A carrier of the catalogue (a `Map` lookup, so `constructor` or `__proto__` are simply unknown). */
  const carrierField = z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/)
    .refine((id) => carrierInfo(id) !== undefined, 'not a known carrier');

  /** An optional carrier: an unknown one is dropped, and the best candidate answers instead. */
  const optionalCarrier = carrierField.optional().catch(undefined);

  /** When a confirmation expires: Unix seconds in base 36 (8 digits reach the year 90,000), read as epoch ms. */
  const expiryField = z
    .string()
    .regex(/^[0-9a-z]{1,8}$/)
    .transform((written) => Number.parseInt(written, 36) * 1000);

  return z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('refresh'), first: numberField, second: optionalCarrier }),
    z.object({ kind: z.literal('show_all'), first: numberField, second: optionalCarrier }),
    z.object({ kind: z.literal('subscribe'), first: numberField, second: optionalCarrier }),
    z.object({ kind: z.literal('track_as'), first: numberField, second: carrierField }),
    z.object({ kind: z.literal('unsubscribe'), first: followedNumberField }),
    z.object({ kind: z.literal('keep_following'), first: followedNumberField }),
    z.object({ kind: z.literal('share'), first: numberField }),
    z.object({ kind: z.literal('language'), first: z.enum(LOCALES) }),
    z.object({ kind: z.literal('confirm'), first: z.enum(DESTRUCTIVE), second: expiryField }),
    z.object({ kind: z.literal('cancel'), first: z.enum(DESTRUCTIVE) }),
  ]);
}

let buttonData: ReturnType<typeof buttonDataSchema> | undefined;

/**
 * The action a button carries, or `undefined` for anything else. Button data comes back from the chat
 * platform as the client sent it, so it is read as hostile input: a number must fit a known format
 * (or, to stop following, be one the chat may follow), a carrier must be one Postie knows, a
 * confirmation names one of the {@link DESTRUCTIVE} commands and an expiry (which the core checks), and
 * anything else — old formats, forged data — is refused rather than looked up.
 */
export function decodeAction(data: string): Action | undefined {
  const parts = data.split(':');
  if (parts.length > 3) return undefined;
  const [code, first, second] = parts;
  const kind = code === undefined ? undefined : KINDS.get(code);
  buttonData ??= buttonDataSchema();
  const parsed = buttonData.safeParse({ kind, first, second });
  if (!parsed.success) return undefined;
  const fields = parsed.data;
  switch (fields.kind) {
    case 'language':
      return { kind: 'language', locale: fields.first };
    case 'unsubscribe':
      return { kind: 'unsubscribe', number: fields.first };
    case 'keep_following':
      return { kind: 'keep_following', number: fields.first };
    case 'share':
      return { kind: 'share', number: fields.first };
    case 'track_as':
      return { kind: 'track_as', number: fields.first, carrier: fields.second };
    case 'confirm':
      return { kind: 'confirm', what: fields.first, expiresAt: fields.second };
    case 'cancel':
      return { kind: 'cancel', what: fields.first };
    default:
      return {
        kind: fields.kind,
        number: fields.first,
        ...(fields.second ? { carrier: fields.second } : {}),
      };
  }
}
