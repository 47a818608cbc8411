import * as z from 'zod';
import type { CarrierManifest, CarriersConfig } from './carriers/manifest.js';
import { ADAPTERS, type RegisteredAdapter } from './carriers/registry.js';
import { buildCarrierSettings, carrierEnvShape, carrierSecretKeys } from './config/carrier-settings.js';
import { CORE_SECRET_KEYS, type CoreEnv, CoreEnvSchema, type LogLevel } from './config/env-schema.js';
import { requireSet } from './config/require-set.js';
import type { FairShareLimits } from './core/fair-share.js';
import type { Locale } from './domain/locale.js';

/**
 * Start-up configuration: the only module that reads `process.env`. The environment is parsed once into
 * a deeply frozen {@link Config}; a front-end or carrier adapter without credentials is left out and
 * named in `disabled` (not an error); malformed values throw one {@link ConfigError} listing every bad key.
 * Every variable is documented in `.env.example`. The carrier adapters' variables and settings come from
 * their manifests (`src/carriers/registry.ts`), composed by `config/carrier-settings.ts`.
 */

interface TelegramWebhookConfig {
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
/** `M`: the registered carrier adapters (tests add their own). */
export interface Config<M extends CarrierManifest = RegisteredAdapter> {
  readonly telegram?: TelegramConfig;
  readonly discord?: DiscordConfig;
  /** Each configured adapter's settings, keyed by adapter id; base URLs have no trailing slash. */
  readonly carriers: CarriersConfig<M>;
  /** Each person's and each chat's share of lookups (`LOOKUPS_PER_*`). */
  readonly lookups: FairShareLimits;
  /** The share of each carrier's allowance background polls plan to use (`POLL_BUDGET_SHARE`, 0.1–0.95). */
  readonly polling: { readonly budgetShare: number };
  /** `sqlite://<path>` (embedded, the default) or `redis://…` / `rediss://…` (scale-out). */
  readonly store: { readonly url: string };
  /**
   * The listener for health, metrics and webhooks: `host` is the address to bind (loopback unless
   * configured; `0.0.0.0` in the container image), `port` 0 lets the OS pick one.
   */
  readonly http: { readonly host: string; readonly port: number };
  /**
   * What operators see: `metricsToken` (METRICS_TOKEN), when set, is the bearer token `/metrics` and
   * the status page ask for; `adminChats` (ADMIN_CHAT_IDS) the chat keys that may ask `/status`.
   */
  readonly ops: { readonly metricsToken?: string; readonly adminChats: readonly string[] };
  /**
   * How long a stop (SIGTERM) may take: work under way gets until one second before (a fifth of it
   * when shorter), then calls under way are given up; by then it is done. Milliseconds.
   */
  readonly shutdown: { readonly timeoutMs: number };
  /**
   * Several instances on one store: `name` (INSTANCE_ID) names this one (the host name when unset; a
   * random suffix per start tells runs apart), `leaseMs` (FRONTEND_LEASE_MS) how long the lease of a
   * front-end held by one instance (the Telegram long poll, the Discord gateway) lasts unrenewed.
   */
  readonly instance: { readonly name?: string; readonly leaseMs: number };
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

/** Every variable Postie reads: the core ones, then each registered carrier adapter's. */
export const ENV_KEYS: readonly string[] = Object.freeze(envKeys(ADAPTERS));

/** Variables whose values are secrets; STORE_URL's password is added separately. */
const SECRET_KEYS: readonly string[] = [...CORE_SECRET_KEYS, ...carrierSecretKeys(ADAPTERS)];

function envKeys(registry: readonly CarrierManifest[]): string[] {
  return [...Object.keys(CoreEnvSchema.shape), ...Object.keys(carrierEnvShape(registry))];
}

/**
 * Parses `env` (pure: reads nothing else). Unknown variables are ignored; empty or blank values count as
 * unset. Throws {@link ConfigError} listing every malformed variable. `registry` is the registered
 * carrier adapters but for tests.
 */
export function loadConfig<M extends CarrierManifest = RegisteredAdapter>(
  env: NodeJS.ProcessEnv = process.env,
  registry: readonly M[] = ADAPTERS as readonly CarrierManifest[] as readonly M[],
): Config<M> {
  const carrierSchema = z.object(carrierEnvShape(registry));
  const input: Record<string, string> = {};
  for (const key of envKeys(registry)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') input[key] = value;
  }

  const problems = new Map<string, Set<string>>();
  const report = (key: string, message: string) =>
    problems.set(key, (problems.get(key) ?? new Set()).add(message));
  // The fallback message replaces any built-in zod message, so a value can never leak through one.
  const core = CoreEnvSchema.safeParse(input, { error: () => 'is invalid' });
  const carriers = carrierSchema.safeParse(input, { error: () => 'is invalid' });
  for (const issue of [...(core.error?.issues ?? []), ...(carriers.error?.issues ?? [])])
    report(String(issue.path[0]), issue.message);
  if (input['TELEGRAM_WEBHOOK_SECRET'] !== undefined && input['TELEGRAM_WEBHOOK_URL'] === undefined) {
    report('TELEGRAM_WEBHOOK_SECRET', 'is set but TELEGRAM_WEBHOOK_URL is not');
  }
  if (!core.success || !carriers.success || problems.size > 0) {
    // One issue per variable, in schema order (the carriers' last); several problems with one variable are joined.
    const issues = [...problems].map(([key, messages]) => ({ key, message: [...messages].join('; ') }));
    throw new ConfigError(issues);
  }

  return deepFreeze(buildConfig(core.data, carriers.data, registry));
}

function buildConfig<M extends CarrierManifest>(
  env: CoreEnv,
  carrierEnv: Readonly<Record<string, string | undefined>>,
  registry: readonly M[],
): Config<M> {
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
    carriers: buildCarrierSettings(carrierEnv, registry, disabled),
    lookups: {
      perUserPerMinute: env.LOOKUPS_PER_USER_PER_MINUTE,
      perUserPerDay: env.LOOKUPS_PER_USER_PER_DAY,
      perChatPerMinute: env.LOOKUPS_PER_CHAT_PER_MINUTE,
      perChatPerDay: env.LOOKUPS_PER_CHAT_PER_DAY,
    },
    polling: { budgetShare: env.POLL_BUDGET_SHARE },
    store: { url: env.STORE_URL },
    http: { host: env.HTTP_HOST, port: env.HTTP_PORT },
    ops: {
      ...(env.METRICS_TOKEN === undefined ? {} : { metricsToken: env.METRICS_TOKEN }),
      adminChats: env.ADMIN_CHAT_IDS,
    },
    shutdown: { timeoutMs: env.SHUTDOWN_TIMEOUT_MS },
    instance: {
      ...(env.INSTANCE_ID === undefined ? {} : { name: env.INSTANCE_ID }),
      leaseMs: env.FRONTEND_LEASE_MS,
    },
    log: { level: env.LOG_LEVEL, pretty: env.NODE_ENV === 'development' },
    defaults: { locale: env.DEFAULT_LOCALE, timezone: env.DEFAULT_TIMEZONE },
    disabled,
    secrets: collectSecrets({ ...env, ...carrierEnv }, [...CORE_SECRET_KEYS, ...carrierSecretKeys(registry)]),
  };
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

function collectSecrets(env: CoreEnv & Readonly<Record<string, unknown>>, keys: readonly string[]): string[] {
  const secrets = new Set<string>();
  for (const key of keys) {
    const value = env[key];
    if (typeof value === 'string') secrets.add(value);
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
