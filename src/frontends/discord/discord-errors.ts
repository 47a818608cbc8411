import { DiscordAPIError, DiscordjsErrorCodes, HTTPError, RESTJSONErrorCodes } from 'discord.js';
import type { Logger } from '../../logger.js';

/**
 * Refusals that are part of normal life and logged quietly (info), never as failures
 * (https://discord.com/developers/docs/topics/opcodes-and-status-codes#json-json-error-codes):
 * the user does not accept DMs from the bot, the channel is gone, or the interaction expired (not
 * acknowledged within 3 s, or its 15 minutes are over).
 */
const QUIET_CODES: ReadonlySet<number> = new Set([
  RESTJSONErrorCodes.CannotSendMessagesToThisUser,
  RESTJSONErrorCodes.UnknownChannel,
  RESTJSONErrorCodes.UnknownInteraction,
]);

function isQuietRefusal(error: unknown): boolean {
  return error instanceof DiscordAPIError && QUIET_CODES.has(Number(error.code));
}

/**
 * Refusals that mean Postie can no longer write to a channel, whatever it sends
 * (https://discord.com/developers/docs/topics/opcodes-and-status-codes#json-json-error-codes): the user
 * does not accept DMs from the bot (50007, or 50278: no server in common any more), the channel is gone
 * (10003), the bot lost access to it (50001), or the user is gone (10013).
 */
const UNREACHABLE_CODES: ReadonlySet<number> = new Set([
  RESTJSONErrorCodes.CannotSendMessagesToThisUser,
  RESTJSONErrorCodes.CannotSendMessagesToThisUserDueToHavingNoMutualGuilds,
  RESTJSONErrorCodes.UnknownChannel,
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.UnknownUser,
]);

export function isUnreachable(error: unknown): boolean {
  return error instanceof DiscordAPIError && UNREACHABLE_CODES.has(Number(error.code));
}

/**
 * Discord refused the bot token: discord.js's `TokenInvalid` (logging in, it turns the gateway lookup's
 * 401 into it) or a REST call answered 401 Unauthorized. No retry changes either.
 */
export function isTokenRefused(error: unknown): boolean {
  if (error instanceof DiscordAPIError) return error.status === 401;
  return error instanceof Error && 'code' in error && error.code === DiscordjsErrorCodes.TokenInvalid;
}

/**
 * What may be logged about a failure. Never the error object itself: discord.js errors carry the request
 * URL, which holds the interaction token for interaction and webhook routes, and the request body.
 */
export function describeFailure(error: unknown): Record<string, unknown> {
  if (error instanceof DiscordAPIError) {
    return {
      name: error.name,
      code: error.code,
      status: error.status,
      method: error.method,
      path: withoutTokens(error.url),
      message: error.message,
    };
  }
  if (error instanceof HTTPError) {
    return { name: error.name, status: error.status, method: error.method, path: withoutTokens(error.url) };
  }
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: typeof error };
}

/** `/interactions/{id}/{token}/…` and `/webhooks/{id}/{token}/…` with the token replaced. */
function withoutTokens(url: string): string {
  const path = URL.canParse(url) ? new URL(url).pathname : url;
  return path.replace(/\/(interactions|webhooks)\/(\d+)\/[^/?#]+/g, '/$1/$2/:token');
}

/** The error boundary's one way to log: quiet refusals at info, anything else at error. */
export function logFailure(logger: Logger, error: unknown, context: Record<string, unknown>): void {
  const failure = describeFailure(error);
  if (isQuietRefusal(error)) logger.info({ ...context, failure }, 'Discord refused; dropped quietly');
  else logger.error({ ...context, failure }, 'Discord front-end failed');
}

/**
 * A failed Discord call without the request behind it (`DiscordAPIError` keeps the request body, which
 * holds the message text): what {@link describeFailure} allows, for callers that log what they catch.
 */
export class DiscordCallError extends Error {
  override readonly name = 'DiscordCallError';
  /** Discord's JSON error code (https://discord.com/developers/docs/topics/opcodes-and-status-codes#json), when it sent one. */
  readonly code: number | string | undefined;
  readonly status: number | undefined;

  constructor(what: string, error: unknown) {
    const failure = describeFailure(error);
    const detail = [failure['status'], failure['code'], failure['message'] ?? failure['name']]
      .filter((part) => part !== undefined)
      .join(' ');
    super(`Discord ${what} failed (${detail})`);
    this.code = error instanceof DiscordAPIError ? error.code : undefined;
    this.status = error instanceof DiscordAPIError || error instanceof HTTPError ? error.status : undefined;
  }
}
