import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Update } from 'telegraf/types';
import * as z from 'zod';
import type { HttpServer } from '../../http/http-server.js';
import type { Logger } from '../../logger.js';
import { loggableError } from './telegram-errors.js';

/**
 * Webhook mode (https://core.telegram.org/bots/api#setwebhook): Telegram POSTs each update as JSON to
 * `TELEGRAM_WEBHOOK_URL` + {@link webhookPath}, with the secret token of setWebhook in the
 * `X-Telegram-Bot-Api-Secret-Token` header. Our one HTTP listener serves {@link webhookPath} itself: a
 * reverse proxy in front passes it on, stripping any path of its own that `TELEGRAM_WEBHOOK_URL` has
 * (`https://example.com/postie/telegram/…` → `/telegram/…`).
 */

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
/** Updates are small (a message is at most 4096 characters); anything bigger is not one of Telegram's. */
const MAX_UPDATE_BYTES = 1024 * 1024;

const digest = (purpose: string, token: string) =>
  createHash('sha256').update(`postie:${purpose}:${token}`).digest('hex');

/** `/telegram/<hash of the token>`: stable across restarts, unguessable, and never the token itself. */
export const webhookPath = (token: string): string =>
  `/telegram/${digest('webhook-path', token).slice(0, 32)}`;

/** The public URL to give setWebhook: the configured base (trailing slashes dropped) plus the path. */
export const webhookUrl = (base: string, token: string): string =>
  `${base.replace(/\/+$/, '')}${webhookPath(token)}`;

/**
 * The secret token Telegram must send back: `TELEGRAM_WEBHOOK_SECRET`, or, when it is not set, one derived
 * from the bot token (64 hex characters; the header allows A-Z a-z 0-9 _ -), so the header is always checked.
 */
export const webhookSecret = (configured: string | undefined, token: string): string =>
  configured ?? digest('webhook-secret', token);

/** Compared as hashes, so neither the length nor the content leaks through timing. */
function secretMatches(sent: string | string[] | undefined, secret: string): boolean {
  if (typeof sent !== 'string') return false;
  const hash = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(hash(sent), hash(secret));
}

const UpdateShape = z.looseObject({ update_id: z.number().int().nonnegative() });

export interface WebhookRoute {
  readonly token: string;
  readonly secret: string;
  /** Whether updates are taken now (between start and stop); otherwise 503 and Telegram retries later. */
  readonly accepting: () => boolean;
  /**
   * Takes one update (the durable intake); resolves once it is recorded (the answer is sent later, not
   * in the HTTP response). A rejection (the store is away) answers 503, and Telegram sends it again.
   */
  readonly onUpdate: (update: Update) => Promise<unknown>;
  readonly logger: Logger;
}

/** Registers `POST <webhookPath>` on `http`: 401 without the right secret, 400 for a body that is no update. */
export function serveWebhook(http: HttpServer, route: WebhookRoute): void {
  http.route('POST', webhookPath(route.token), async (req, res) => {
    if (!route.accepting()) return answer(res, 503, 'not_accepting');
    if (!secretMatches(req.headers[SECRET_HEADER], route.secret)) {
      route.logger.warn({ from: req.socket.remoteAddress }, 'Telegram webhook call without the right secret');
      return answer(res, 401, 'unauthorized');
    }
    // A declared length over the limit is refused before a byte of the body is read.
    if (Number(req.headers['content-length'] ?? 0) > MAX_UPDATE_BYTES) return answer(res, 413, 'too_large');
    const body = await readBody(req);
    if (body === undefined) return answer(res, 413, 'too_large');
    const parsed = UpdateShape.safeParse(parseJson(body));
    if (!parsed.success) return answer(res, 400, 'not_an_update');
    // Checked as far as Postie reads it: `update_id` here, the rest where it is translated. Telegram
    // repeats a request answered with anything but a 2xx (https://core.telegram.org/bots/api#setwebhook).
    try {
      await route.onUpdate(parsed.data as unknown as Update);
    } catch (error) {
      route.logger.warn(
        { error: loggableError(error), updateId: parsed.data.update_id },
        'a Telegram update could not be recorded: answered 503, Telegram sends it again',
      );
      return answer(res, 503, 'store_unavailable');
    }
    return answer(res, 200);
  });
}

function answer(res: ServerResponse, status: number, error?: string): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(error ? JSON.stringify({ error }) : '{}');
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_UPDATE_BYTES) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
