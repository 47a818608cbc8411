import * as z from 'zod';
import { DEFAULT_FAIR_SHARE } from '../core/fair-share.js';
import { LOCALES } from '../domain/locale.js';
import { parseStoreUrl } from '../store/store-url.js';
import { BUDGET_SHARE } from '../subscriptions/polling/budget.js';

/**
 * The environment's schema: one zod entry per variable of DESIGN.md's environment list, with its
 * format and default. The carrier adapters' variables are not here: each adapter's manifest declares
 * them and `carrier-settings.ts` adds them. `src/config.ts` parses the whole and builds the `Config`.
 */

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const NODE_ENVS = ['development', 'production', 'test'] as const;

/** An API root or base URL; trailing slashes are dropped so callers can append `/path`. */
export const httpBaseUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .transform((url) => url.replace(/\/+$/, ''));

/** `<bot id>:<secret>` as issued by @BotFather, e.g. `123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11`. */
const telegramToken = z
  .string()
  .regex(/^\d+:[A-Za-z0-9_-]{30,}$/, 'must look like <bot id>:<secret> as issued by @BotFather');

/** `secret_token` of setWebhook: 1–256 of A-Z a-z 0-9 _ - (https://core.telegram.org/bots/api#setwebhook). */
const telegramWebhookSecret = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,256}$/, 'must be 1-256 characters of A-Z, a-z, 0-9, _ and -');

/** Discord ids are snowflakes: 64-bit integers written in decimal (https://discord.com/developers/docs/reference#snowflakes). */
const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord snowflake (17-20 digits)');

const storeUrl = z
  .string()
  .refine((url) => parseStoreUrl(url) !== undefined, 'must be sqlite://<path>, redis://… or rediss://…');

/** Where to listen: an IPv4 or IPv6 address (`0.0.0.0` or `::` for every interface) or a host name. */
const listenHost = z.union([z.ipv4(), z.ipv6(), z.hostname()], {
  error: 'must be an IP address (0.0.0.0 or :: for every interface) or a host name',
});

const port = z
  .string()
  .regex(/^\d{1,5}$/, 'must be an integer from 0 to 65535')
  .transform(Number)
  .refine((n) => n <= 65_535, 'must be an integer from 0 to 65535');

/** Milliseconds to give a shutdown: from one second to ten minutes. */
const shutdownMs = z
  .string()
  .regex(/^\d{1,7}$/, 'must be a whole number of milliseconds from 1000 to 600000')
  .transform(Number)
  .refine((ms) => ms >= 1_000 && ms <= 600_000, 'must be a whole number of milliseconds from 1000 to 600000');

/**
 * How long a front-end's lease (the Telegram long poll, the Discord gateway) lasts unrenewed: 3 to 20 s,
 * so that another instance takes over within 30 s of the holder's death (the lease plus a third of it).
 */
const leaseMs = z
  .string()
  .regex(/^\d{1,6}$/, 'must be a whole number of milliseconds from 3000 to 20000')
  .transform(Number)
  .refine((ms) => ms >= 3_000 && ms <= 20_000, 'must be a whole number of milliseconds from 3000 to 20000');

/** A name for this instance in logs, `/readyz` and the status views: letters, digits, `.`, `_`, `-`. */
const instanceName = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 letters, digits, dots, underscores or hyphens');

/** Canonical IANA name (`asia/hong_kong` → `Asia/Hong_Kong`) or undefined when Intl does not know it. */
function canonicalTimeZone(zone: string): string | undefined {
  // Offsets such as `+08:00` are accepted by newer Intl versions but are not IANA zones.
  if (!/^[A-Za-z][A-Za-z0-9_+/-]*$/.test(zone)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

const timeZone = z.string().transform((zone, ctx) => {
  const canonical = canonicalTimeZone(zone);
  if (canonical !== undefined) return canonical;
  ctx.addIssue({ code: 'custom', message: 'must be an IANA time zone such as UTC or Asia/Hong_Kong' });
  return z.NEVER;
});

const secret = z.string();

/** A limit: a whole number of at least 1. */
const limit = z
  .string()
  .regex(/^\d{1,9}$/, 'must be a whole number of at least 1')
  .transform(Number)
  .refine((n) => n >= 1, 'must be a whole number of at least 1');

/**
 * `POLL_BUDGET_SHARE`: the share of each carrier's allowance background polls may plan to use, from 0.1
 * (leave nearly all of it to people's lookups) to 0.95 (some must stay for people and retries).
 */
const budgetShare = z
  .string()
  .regex(/^(0(\.\d{1,4})?|1(\.0{1,4})?|\.\d{1,4})$/, 'must be a decimal from 0.1 to 0.95, e.g. 0.8')
  .transform(Number)
  .refine((share) => share >= 0.1 && share <= 0.95, 'must be a decimal from 0.1 to 0.95, e.g. 0.8');

/** A bearer token: 16 to 256 visible ASCII characters (RFC 6750 §2.1 `b64token` is narrower; any visible is fine). */
const bearerToken = z
  .string()
  .regex(
    /^[\x21-\x7e]{16,256}$/,
    'must be 16-256 visible ASCII characters (no spaces), e.g. openssl rand -hex 32',
  );

/** `telegram:<chat id>`, `discord:<channel id>` or `console:local`, comma-separated. */
const chatKeys = z
  .string()
  .transform((list) =>
    list
      .split(',')
      .map((key) => key.trim())
      .filter((key) => key !== ''),
  )
  .refine(
    (keys) => keys.every((key) => /^(telegram:-?\d{1,20}|discord:\d{17,20}|console:local)$/.test(key)),
    'must be a comma-separated list of telegram:<chat id>, discord:<channel id> or console:local',
  );

/** One entry per variable of DESIGN.md's environment list but the carriers', plus NODE_ENV. */
export const CoreEnvSchema = z.object({
  TELEGRAM_BOT_TOKEN: telegramToken.optional(),
  TELEGRAM_API_ROOT: httpBaseUrl.default('https://api.telegram.org'),
  TELEGRAM_WEBHOOK_URL: z
    .url({ protocol: /^https$/, error: 'must be an https:// URL (Telegram only calls HTTPS webhooks)' })
    .optional(),
  TELEGRAM_WEBHOOK_SECRET: telegramWebhookSecret.optional(),
  DISCORD_TOKEN: secret.optional(),
  DISCORD_APPLICATION_ID: snowflake.optional(),
  DISCORD_API_ROOT: httpBaseUrl.default('https://discord.com/api'),
  LOOKUPS_PER_USER_PER_MINUTE: limit.default(DEFAULT_FAIR_SHARE.perUserPerMinute),
  LOOKUPS_PER_USER_PER_DAY: limit.default(DEFAULT_FAIR_SHARE.perUserPerDay),
  LOOKUPS_PER_CHAT_PER_MINUTE: limit.default(DEFAULT_FAIR_SHARE.perChatPerMinute),
  LOOKUPS_PER_CHAT_PER_DAY: limit.default(DEFAULT_FAIR_SHARE.perChatPerDay),
  POLL_BUDGET_SHARE: budgetShare.default(BUDGET_SHARE),
  STORE_URL: storeUrl.default('sqlite://data/postie.sqlite'),
  HTTP_HOST: listenHost.default('127.0.0.1'),
  HTTP_PORT: port.default(8080),
  METRICS_TOKEN: bearerToken.optional(),
  ADMIN_CHAT_IDS: chatKeys.default([]),
  SHUTDOWN_TIMEOUT_MS: shutdownMs.default(10_000),
  INSTANCE_ID: instanceName.optional(),
  FRONTEND_LEASE_MS: leaseMs.default(15_000),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  DEFAULT_LOCALE: z.enum(LOCALES, { error: `must be one of ${LOCALES.join(', ')}` }).default('en'),
  DEFAULT_TIMEZONE: timeZone.default('UTC'),
  NODE_ENV: z.enum(NODE_ENVS, { error: `must be one of ${NODE_ENVS.join(', ')}` }).default('production'),
});
export type CoreEnv = z.output<typeof CoreEnvSchema>;

/** Variables whose values are secrets, the carriers' aside; STORE_URL's password is added separately. */
export const CORE_SECRET_KEYS = [
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_WEBHOOK_SECRET',
  'DISCORD_TOKEN',
  'METRICS_TOKEN',
] as const satisfies readonly (keyof CoreEnv)[];
