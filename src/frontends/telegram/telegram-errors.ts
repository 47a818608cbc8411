import { TelegramError } from 'telegraf';

/**
 * What a failed Bot API call means for the sender. Descriptions are Telegram's own
 * (https://core.telegram.org/bots/api#making-requests: `ok: false`, `error_code`, `description`,
 * optional `parameters` with `retry_after` or `migrate_to_chat_id`).
 */
export type SendFailure =
  /** 429: wait `retryAfterMs`, then send again (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this). */
  | { readonly kind: 'rate_limited'; readonly retryAfterMs: number }
  /** The bot may not write there (blocked, kicked, chat gone, no rights): stop, quietly. */
  | { readonly kind: 'unreachable'; readonly reason: string }
  /** The group became a supergroup: the same message goes to the new chat id. */
  | { readonly kind: 'migrated'; readonly chatId: number }
  /** editMessageText with exactly the text and buttons the message already has: nothing to do. */
  | { readonly kind: 'not_modified' }
  /** The message to edit is gone or can no longer be edited: send a new one instead. */
  | { readonly kind: 'not_editable' }
  | { readonly kind: 'other' };

/** Telegram's 429 without `retry_after` (it always sends one; this is a guard, not a guess at a limit). */
const DEFAULT_RETRY_AFTER_MS = 1000;
/**
 * The longest `retry_after` waited out: it comes from outside (a self-hosted Bot API server, a proxy),
 * and a reply held for hours is no reply; a send still refused then tries again, up to its attempts.
 */
const MAX_RETRY_AFTER_MS = 15 * 60_000;

const UNREACHABLE =
  /chat not found|bot was blocked|bot was kicked|user is deactivated|not enough rights|have no rights|can't initiate conversation|CHAT_WRITE_FORBIDDEN|PEER_ID_INVALID/i;
const NOT_EDITABLE = /message to edit not found|message can't be edited|MESSAGE_ID_INVALID/i;

export function classifyFailure(error: unknown): SendFailure {
  if (!(error instanceof TelegramError)) return { kind: 'other' };
  const { code, description, parameters } = error;
  if (code === 429) {
    const seconds = parameters?.retry_after;
    const readable = typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0;
    return {
      kind: 'rate_limited',
      retryAfterMs: readable ? Math.min(seconds * 1000, MAX_RETRY_AFTER_MS) : DEFAULT_RETRY_AFTER_MS,
    };
  }
  if (parameters?.migrate_to_chat_id !== undefined)
    return { kind: 'migrated', chatId: parameters.migrate_to_chat_id };
  if (code === 403 || (code === 400 && UNREACHABLE.test(description)))
    return { kind: 'unreachable', reason: description };
  if (code === 400 && /message is not modified/i.test(description)) return { kind: 'not_modified' };
  if (code === 400 && NOT_EDITABLE.test(description)) return { kind: 'not_editable' };
  return { kind: 'other' };
}

/**
 * A Bot API failure without the request that caused it: telegraf's `TelegramError.on` carries the whole
 * payload (message text, chat ids), which must not reach logs (STYLE.md §6). Other errors pass through
 * by name and message only (telegraf already redacts the token from its network errors; the logger
 * scrubs token-shaped text again).
 */
export class TelegramCallError extends Error {
  override readonly name = 'TelegramCallError';
  readonly method: string;
  readonly code: number | undefined;

  constructor(method: string, error: unknown) {
    const detail =
      error instanceof TelegramError
        ? `${error.code}: ${error.description}`
        : error instanceof Error
          ? `${error.name}: ${error.message}`
          : 'unknown failure';
    super(`Telegram ${method} failed (${detail})`);
    this.method = method;
    this.code = error instanceof TelegramError ? error.code : undefined;
  }
}

/** What an error may show in a log line: its name and message, never attached request data. */
export function loggableError(error: unknown): { readonly type: string; readonly message: string } {
  if (error instanceof TelegramError)
    return { type: 'TelegramError', message: `${error.code}: ${error.description}` };
  if (error instanceof Error) return { type: error.name, message: error.message };
  return { type: typeof error, message: 'non-error thrown' };
}

/**
 * Telegram refused the bot token: 401 Unauthorized (revoked or wrong), or 404 Not Found, which the Bot
 * API answers for a token that names no bot. No retry changes either.
 */
export function isTokenRefused(error: unknown): boolean {
  return error instanceof TelegramError && (error.code === 401 || error.code === 404);
}

/** Telegram's `retry_after` (429, flood control) in milliseconds, when the error carries one. */
export function retryAfterMsOf(error: unknown): number | undefined {
  const seconds = error instanceof TelegramError ? error.parameters?.retry_after : undefined;
  return seconds === undefined ? undefined : seconds * 1000;
}
