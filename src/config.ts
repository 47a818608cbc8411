import {
  ENV_KEYS,
  type Env,
  type EnvKey,
  EnvSchema,
  type Locale,
  type LogLevel,
  SECRET_KEYS,
} from './config/env-schema.js';
import type { FairShareLimits } from './core/fair-share.js';

export {
  ENV_KEYS,
  type EnvKey,
  LOCALES,
  LOG_LEVELS,
  type Locale,
  type LogLevel,
  NODE_ENVS,
  type NodeEnv,
} from './config/env-schema.js';

/**
 * Start-up configuration: the only module that reads `process.env`. The environment is parsed once into
 * a deeply frozen {@link Config}; a front-end or carrier adapter without credentials is left out and
 * named in `disabled` (not an error); malformed values throw one {@link ConfigError} listing every bad key.
 * Every variable is documented in `.env.example`.
 */

export interface TelegramWebhookConfig {
  readonly url: string;
  readonly secret?: string;
}
export interface TelegramConfig {
  readonly token: string;
  /** Bot API root without a trailing slash (a self-hosted Bot API server or the official one). */
  readonly apiRoot: string;
  /** Absent: long polling. */
  readonly webhook?: TelegramWebhookConfig;
}
export interface DiscordConfig {
  readonly token: string;
  readonly applicationId: string;
  readonly apiRoot: string;
}
export interface HongkongPostConfig {
  readonly sysId: string;
  readonly sysSecret: string;
  readonly baseUrl: string;
}
export interface NzPostConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly baseUrl: string;
  /** OAuth2 client-credentials token endpoint. */
  readonly authUrl: string;
}
export interface FuuffyConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly baseUrl: string;
}
export interface TrackingMoreConfig {
  readonly apiKey: string;
  readonly baseUrl: string;
}
/** Keyed by adapter id (`ADAPTER_IDS` in `domain/carrier.ts`); base URLs have no trailing slash. */
export interface CarriersConfig {
  readonly 'hongkong-post'?: HongkongPostConfig;
  readonly 'nz-post'?: NzPostConfig;
  readonly fuuffy?: FuuffyConfig;
  readonly trackingmore?: TrackingMoreConfig;
}
export interface Config {
  readonly telegram?: TelegramConfig;
  readonly discord?: DiscordConfig;
  readonly carriers: CarriersConfig;
  /** Each person's and each chat's share of lookups (`LOOKUPS_PER_*`). */
  readonly lookups: FairShareLimits;
  /** `sqlite://<path>` (embedded, the default) or `redis://…` / `rediss://…` (scale-out). */
  readonly store: { readonly url: string };
  /**
   * The listener for health, metrics and webhooks: `host` is the address to bind (loopback unless
   * configured; `0.0.0.0` in the container image), `port` 0 lets the OS pick one.
   */
  readonly http: { readonly host: string; readonly port: number };
  /**
   * How long a stop (SIGTERM) may take: work under way gets until one second before (a fifth of it
   * when shorter), then calls under way are given up; by then it is done. Milliseconds.
   */
  readonly shutdown: { readonly timeoutMs: number };
  readonly log: { readonly level: LogLevel; readonly pretty: boolean };
  /** `timezone` is a canonical IANA name, e.g. `Asia/Hong_Kong`. */
  readonly defaults: { readonly locale: Locale; readonly timezone: string };
  /** One human reason per left-out front-end or adapter, e.g. `telegram: TELEGRAM_BOT_TOKEN is not set`. */
  readonly disabled: readonly string[];
  /** Every secret value that is set, for the logger's scrubber (`createLogger({ secrets })`). */
  readonly secrets: readonly string[];
}

export interface ConfigIssue {
  /** The environment variable's name. */
  readonly key: string;
  /** What is wrong; never contains the value (it may be a secret). */
  readonly message: string;
}

/** Every malformed variable at once, one per line; values are never quoted. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    const lines = issues.map(({ key, message }) => `  ${key}: ${message}`);
    super(['Invalid configuration (see .env.example):', ...lines].join('\n'));
    this.issues = Object.freeze(issues.map((issue) => Object.freeze({ ...issue })));
  }
}

/**
 * Parses `env` (pure: reads nothing else). Unknown variables are ignored; empty or blank values count as
 * unset. Throws {@link ConfigError} listing every malformed variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input: Partial<Record<EnvKey, string>> = {};
  for (const key of ENV_KEYS) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') input[key] = value;
  }

  const problems = new Map<string, Set<string>>();
  const report = (key: string, message: string) =>
    problems.set(key, (problems.get(key) ?? new Set()).add(message));
  // The fallback message replaces any built-in zod message, so a value can never leak through one.
  const parsed = EnvSchema.safeParse(input, { error: () => 'is invalid' });
  for (const issue of parsed.error?.issues ?? []) report(String(issue.path[0]), issue.message);
  if (input.TELEGRAM_WEBHOOK_SECRET !== undefined && input.TELEGRAM_WEBHOOK_URL === undefined) {
    report('TELEGRAM_WEBHOOK_SECRET', 'is set but TELEGRAM_WEBHOOK_URL is not');
  }
  if (!parsed.success || problems.size > 0) {
    // One issue per variable, in schema order; several problems with one variable are joined.
    const issues = [...problems].map(([key, messages]) => ({ key, message: [...messages].join('; ') }));
    throw new ConfigError(issues);
  }

  return deepFreeze(buildConfig(parsed.data));
}

function buildConfig(env: Env): Config {
  const disabled: string[] = [];

  const tg = requireSet('telegram', { TELEGRAM_BOT_TOKEN: env.TELEGRAM_BOT_TOKEN }, disabled);
  const webhookUrl = env.TELEGRAM_WEBHOOK_URL;
  const webhookSecret = env.TELEGRAM_WEBHOOK_SECRET;
  const webhook = webhookUrl && { url: webhookUrl, ...(webhookSecret && { secret: webhookSecret }) };
  const telegram = tg && {
    token: tg.TELEGRAM_BOT_TOKEN,
    apiRoot: env.TELEGRAM_API_ROOT,
    ...(webhook && { webhook }),
  };

  const dc = requireSet(
    'discord',
    { DISCORD_TOKEN: env.DISCORD_TOKEN, DISCORD_APPLICATION_ID: env.DISCORD_APPLICATION_ID },
    disabled,
  );
  const discord = dc && {
    token: dc.DISCORD_TOKEN,
    applicationId: dc.DISCORD_APPLICATION_ID,
    apiRoot: env.DISCORD_API_ROOT,
  };

  return {
    ...(telegram && { telegram }),
    ...(discord && { discord }),
    carriers: buildCarriers(env, disabled),
    lookups: {
      perUserPerMinute: env.LOOKUPS_PER_USER_PER_MINUTE,
      perUserPerDay: env.LOOKUPS_PER_USER_PER_DAY,
      perChatPerMinute: env.LOOKUPS_PER_CHAT_PER_MINUTE,
      perChatPerDay: env.LOOKUPS_PER_CHAT_PER_DAY,
    },
    store: { url: env.STORE_URL },
    http: { host: env.HTTP_HOST, port: env.HTTP_PORT },
    shutdown: { timeoutMs: env.SHUTDOWN_TIMEOUT_MS },
    log: { level: env.LOG_LEVEL, pretty: env.NODE_ENV === 'development' },
    defaults: { locale: env.DEFAULT_LOCALE, timezone: env.DEFAULT_TIMEZONE },
    disabled,
    secrets: collectSecrets(env),
  };
}

function buildCarriers(env: Env, disabled: string[]): CarriersConfig {
  const hk = requireSet(
    'hongkong-post',
    { HKPOST_SYS_ID: env.HKPOST_SYS_ID, HKPOST_SYS_SECRET: env.HKPOST_SYS_SECRET },
    disabled,
  );
  const nz = requireSet(
    'nz-post',
    { NZPOST_CLIENT_ID: env.NZPOST_CLIENT_ID, NZPOST_CLIENT_SECRET: env.NZPOST_CLIENT_SECRET },
    disabled,
  );
  const fu = requireSet(
    'fuuffy',
    { FUUFFY_CLIENT_ID: env.FUUFFY_CLIENT_ID, FUUFFY_CLIENT_SECRET: env.FUUFFY_CLIENT_SECRET },
    disabled,
  );
  const tm = requireSet('trackingmore', { TRACKINGMORE_API_KEY: env.TRACKINGMORE_API_KEY }, disabled);
  return {
    ...(hk && {
      'hongkong-post': {
        sysId: hk.HKPOST_SYS_ID,
        sysSecret: hk.HKPOST_SYS_SECRET,
        baseUrl: env.HKPOST_BASE_URL,
      },
    }),
    ...(nz && {
      'nz-post': {
        clientId: nz.NZPOST_CLIENT_ID,
        clientSecret: nz.NZPOST_CLIENT_SECRET,
        baseUrl: env.NZPOST_BASE_URL,
        authUrl: env.NZPOST_AUTH_URL,
      },
    }),
    ...(fu && {
      fuuffy: {
        clientId: fu.FUUFFY_CLIENT_ID,
        clientSecret: fu.FUUFFY_CLIENT_SECRET,
        baseUrl: env.FUUFFY_BASE_URL,
      },
    }),
    ...(tm && { trackingmore: { apiKey: tm.TRACKINGMORE_API_KEY, baseUrl: env.TRACKINGMORE_BASE_URL } }),
  };
}

type Credentials = Record<string, string | undefined>;
type AllSet<T extends Credentials> = T & { [K in keyof T]: string };

function allSet<T extends Credentials>(credentials: T): credentials is AllSet<T> {
  return Object.values(credentials).every((value) => value !== undefined);
}

/**
 * The credentials when every one is set; otherwise undefined, with a reason such as
 * `hongkong-post: HKPOST_SYS_SECRET is not set (HKPOST_SYS_ID is)` pushed onto `disabled`.
 */
function requireSet<T extends Credentials>(
  id: string,
  credentials: T,
  disabled: string[],
): AllSet<T> | undefined {
  if (allSet(credentials)) return credentials;
  const names = Object.keys(credentials);
  const missing = names.filter((name) => credentials[name] === undefined);
  const present = names.filter((name) => credentials[name] !== undefined);
  const reason = `${id}: ${listNames(missing)} not set`;
  disabled.push(present.length === 0 ? reason : `${reason} (${listNames(present)})`);
  return undefined;
}

/** `A is`, `A and B are`, `A, B and C are`. */
function listNames(names: readonly string[]): string {
  const last = names.at(-1) ?? '';
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${last}` : last;
  return `${list} ${names.length > 1 ? 'are' : 'is'}`;
}

/**
 * The secret values set in `env`, read without validating anything else: for the logger of a process
 * that fails before (or while) its configuration is loaded, so that even that last line is scrubbed.
 */
export function environmentSecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  const secrets = SECRET_KEYS.map((key) => env[key]?.trim() ?? '').filter((value) => value !== '');
  const store = env['STORE_URL']?.trim() ?? '';
  const password = URL.canParse(store) ? new URL(store).password : '';
  return password === '' ? secrets : [...secrets, password];
}

function collectSecrets(env: Env): string[] {
  const secrets = new Set<string>();
  for (const key of SECRET_KEYS) {
    const value = env[key];
    if (value !== undefined) secrets.add(value);
  }
  const storePassword = URL.canParse(env.STORE_URL) ? new URL(env.STORE_URL).password : '';
  if (storePassword !== '') secrets.add(storePassword);
  return [...secrets];
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * Loads `path` into `process.env` when the file exists, with Node's own parser (`process.loadEnvFile`,
 * Node ≥ 20.12). Variables already set in the environment win over the file. A missing file is fine;
 * any other failure (unreadable, a directory) is thrown.
 */
export function readEnvFile(path = '.env'): void {
  try {
    process.loadEnvFile(path);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return;
    throw error;
  }
}
