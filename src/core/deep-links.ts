import { toTrackingNumber } from '../domain/tracking-number.js';

/**
 * Deep links: `https://t.me/<bot>?start=track_RB000000014HK` opens the bot and sends `/start
 * track_RB000000014HK`, which Postie answers as `/track RB000000014HK` (and `subscribe_…` as
 * `/subscribe …`). A start parameter is at most 64 characters of `A-Z a-z 0-9 _ -`
 * (https://core.telegram.org/bots/features#deep-linking); whatever arrives is read as hostile input,
 * like anything else typed in a chat: the number is then checked as `/track` and `/subscribe` check it.
 */

/** What a deep link asks for. */
const DEEP_LINK_COMMANDS = ['track', 'subscribe'] as const;
export type DeepLinkCommand = (typeof DEEP_LINK_COMMANDS)[number];

/** https://core.telegram.org/bots/features#deep-linking: "up to 64 characters … A-Z, a-z, 0-9, _ and -". */
const START_PARAMETER = /^[A-Za-z0-9_-]{1,64}$/;

/** The start parameter for `command` with `number`; `undefined` when it would not be a valid one. */
export function startParameter(command: DeepLinkCommand, number: string): string | undefined {
  const parameter = `${command}_${number}`;
  return START_PARAMETER.test(parameter) ? parameter : undefined;
}

/**
 * What `/start <parameter>` asks for: a command and the number after it, or `undefined` for a
 * parameter Postie never gives (the welcome is answered instead).
 */
export function readStartParameter(
  args: string,
): { readonly command: DeepLinkCommand; readonly number: string } | undefined {
  const parameter = args.trim();
  if (!START_PARAMETER.test(parameter)) return undefined;
  const separator = parameter.indexOf('_');
  const command = DEEP_LINK_COMMANDS.find((c) => c === parameter.slice(0, separator));
  const number = toTrackingNumber(parameter.slice(separator + 1));
  return command && number ? { command, number } : undefined;
}
