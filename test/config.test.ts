import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../src/carriers/registry.js';
import { ConfigError, ENV_KEYS, loadConfig, readEnvFile } from '../src/config.js';

const TELEGRAM_TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0';

const FULL_ENV = {
  TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
  TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/',
  TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/webhook',
  TELEGRAM_WEBHOOK_SECRET: 'webhook_secret-123',
  DISCORD_TOKEN: 'discord-token-value',
  DISCORD_APPLICATION_ID: '123456789012345678',
  DISCORD_API_ROOT: 'https://discord.example.org/api',
  HKPOST_SYS_ID: 'postie',
  HKPOST_SYS_SECRET: 'hkpost-sys-secret',
  HKPOST_BASE_URL: 'http://127.0.0.1:9000/mailTrackingAPI',
  NZPOST_CLIENT_ID: 'nz-client',
  NZPOST_CLIENT_SECRET: 'nz-client-secret',
  NZPOST_BASE_URL: 'https://api.uat.nzpost.co.nz/parceltrack/3.0',
  NZPOST_AUTH_URL: 'http://127.0.0.1:9001/as/token.oauth2',
  FUUFFY_CLIENT_ID: 'fuuffy-client',
  FUUFFY_CLIENT_SECRET: 'fuuffy-client-secret',
  FUUFFY_BASE_URL: 'https://testing-api-gateway.fuuffy.com/v1',
  TRACKINGMORE_API_KEY: 'trackingmore-api-key',
  TRACKINGMORE_BASE_URL: 'http://127.0.0.1:9002/v2',
  STORE_URL: 'redis://:redis-password@localhost:6379/0',
  HTTP_HOST: '0.0.0.0',
  HTTP_PORT: '3000',
  LOG_LEVEL: 'debug',
  DEFAULT_LOCALE: 'zh-HK',
  DEFAULT_TIMEZONE: 'Asia/Hong_Kong',
  NODE_ENV: 'development',
};

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses the defaults and disables every front-end and carrier when the environment is empty', () => {
    const { disabled, ...config } = loadConfig({});
    // One reason per front-end and per registered adapter; the adapters' own are checked for each of them
    // by test/carriers/registry.test.ts.
    expect(disabled).toHaveLength(2 + ADAPTERS.length);
    expect(disabled).toEqual(
      expect.arrayContaining([
        'telegram: TELEGRAM_BOT_TOKEN is not set',
        'discord: DISCORD_TOKEN and DISCORD_APPLICATION_ID are not set',
        'hongkong-post: HKPOST_SYS_ID and HKPOST_SYS_SECRET are not set',
        'nz-post: NZPOST_CLIENT_ID and NZPOST_CLIENT_SECRET are not set',
        'fuuffy: FUUFFY_CLIENT_ID and FUUFFY_CLIENT_SECRET are not set',
        'trackingmore: TRACKINGMORE_API_KEY is not set',
      ]),
    );
    expect(config).toEqual({
      carriers: {},
      lookups: { perUserPerMinute: 30, perUserPerDay: 500, perChatPerMinute: 60, perChatPerDay: 2000 },
      polling: { budgetShare: 0.8 },
      store: { url: 'sqlite://data/postie.sqlite' },
      http: { host: '127.0.0.1', port: 8080 },
      ops: { adminChats: [] },
      shutdown: { timeoutMs: 10_000 },
      instance: { leaseMs: 15_000 },
      log: { level: 'info', pretty: false },
      defaults: { locale: 'en', timezone: 'UTC' },
      secrets: [],
    });
  });

  it('reads INSTANCE_ID and FRONTEND_LEASE_MS, and refuses a lease too long to take over within 30 s', () => {
    expect(loadConfig({ INSTANCE_ID: 'postie-a', FRONTEND_LEASE_MS: '5000' }).instance).toEqual({
      name: 'postie-a',
      leaseMs: 5_000,
    });
    expect(() => loadConfig({ FRONTEND_LEASE_MS: '30000' })).toThrow(/FRONTEND_LEASE_MS/);
    expect(() => loadConfig({ FRONTEND_LEASE_MS: '1000' })).toThrow(/FRONTEND_LEASE_MS/);
    expect(() => loadConfig({ INSTANCE_ID: 'has space' })).toThrow(/INSTANCE_ID/);
  });

  it('reads METRICS_TOKEN as a secret and ADMIN_CHAT_IDS as chat keys, and refuses malformed ones', () => {
    const token = 'metrics-token-0123456789';
    const config = loadConfig({
      METRICS_TOKEN: token,
      ADMIN_CHAT_IDS: ' telegram:-1001234567890, discord:123456789012345678 ,console:local',
    });
    expect(config.ops).toEqual({
      metricsToken: token,
      adminChats: ['telegram:-1001234567890', 'discord:123456789012345678', 'console:local'],
    });
    expect(config.secrets).toContain(token);
    for (const [key, bad] of [
      ['METRICS_TOKEN', 'short'],
      ['METRICS_TOKEN', 'has a space in it somewhere'],
      ['ADMIN_CHAT_IDS', '12345'],
      ['ADMIN_CHAT_IDS', 'telegram:abc'],
      ['ADMIN_CHAT_IDS', 'discord:12'],
    ] as const) {
      let error: unknown;
      try {
        loadConfig({ [key]: bad });
      } catch (thrown) {
        error = thrown;
      }
      expect(error, `${key}=${bad}`).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues.map((i) => i.key)).toEqual([key]);
      expect((error as ConfigError).message).not.toContain(bad);
    }
  });

  it('reads the fair share of lookups, and refuses a limit that is not a whole number of at least 1', () => {
    const config = loadConfig({ LOOKUPS_PER_USER_PER_MINUTE: '10', LOOKUPS_PER_CHAT_PER_DAY: '50000' });
    expect(config.lookups).toMatchObject({ perUserPerMinute: 10, perChatPerDay: 50_000 });
    for (const bad of ['0', '-3', '2.5', 'lots']) {
      expect(() => loadConfig({ LOOKUPS_PER_USER_PER_DAY: bad })).toThrow(/LOOKUPS_PER_USER_PER_DAY/);
    }
  });

  it('reads the share of each carrier allowance background polls may use, 0.8 unless set, 0.1 to 0.95', () => {
    expect(loadConfig({}).polling.budgetShare).toBe(0.8);
    expect(loadConfig({ POLL_BUDGET_SHARE: '0.5' }).polling.budgetShare).toBe(0.5);
    expect(loadConfig({ POLL_BUDGET_SHARE: '0.95' }).polling.budgetShare).toBe(0.95);
    expect(loadConfig({ POLL_BUDGET_SHARE: '0.1' }).polling.budgetShare).toBe(0.1);
    for (const bad of ['0', '0.05', '0.96', '1', '80%', '-0.5', 'half']) {
      expect(() => loadConfig({ POLL_BUDGET_SHARE: bad })).toThrow(/POLL_BUDGET_SHARE/);
    }
  });

  it('fills every group from a complete environment', () => {
    const config = loadConfig(FULL_ENV);
    expect(config.telegram).toEqual({
      token: TELEGRAM_TOKEN,
      apiRoot: 'http://127.0.0.1:8081',
      webhook: { url: 'https://bot.example.org/telegram/webhook', secret: 'webhook_secret-123' },
    });
    expect(config.discord).toEqual({
      token: 'discord-token-value',
      applicationId: '123456789012345678',
      apiRoot: 'https://discord.example.org/api',
    });
    expect(config.carriers).toEqual({
      'hongkong-post': {
        sysId: 'postie',
        sysSecret: 'hkpost-sys-secret',
        baseUrl: 'http://127.0.0.1:9000/mailTrackingAPI',
      },
      'nz-post': {
        clientId: 'nz-client',
        clientSecret: 'nz-client-secret',
        baseUrl: 'https://api.uat.nzpost.co.nz/parceltrack/3.0',
        authUrl: 'http://127.0.0.1:9001/as/token.oauth2',
      },
      fuuffy: {
        clientId: 'fuuffy-client',
        clientSecret: 'fuuffy-client-secret',
        baseUrl: 'https://testing-api-gateway.fuuffy.com/v1',
      },
      trackingmore: { apiKey: 'trackingmore-api-key', baseUrl: 'http://127.0.0.1:9002/v2' },
    });
    expect(config.store).toEqual({ url: 'redis://:redis-password@localhost:6379/0' });
    expect(config.http).toEqual({ host: '0.0.0.0', port: 3000 });
    expect(config.log).toEqual({ level: 'debug', pretty: true });
    expect(config.defaults).toEqual({ locale: 'zh-HK', timezone: 'Asia/Hong_Kong' });
    // Every group FULL_ENV fills is on (an adapter added since would be named, with its own variables unset).
    expect(
      config.disabled.filter((reason) =>
        /^(telegram|discord|hongkong-post|nz-post|fuuffy|trackingmore):/.test(reason),
      ),
    ).toEqual([]);
    expect([...config.secrets].sort()).toEqual(
      [
        TELEGRAM_TOKEN,
        'webhook_secret-123',
        'discord-token-value',
        'hkpost-sys-secret',
        'nz-client-secret',
        'fuuffy-client-secret',
        'trackingmore-api-key',
        'redis-password',
      ].sort(),
    );
  });

  it('keys the carrier groups by registered adapter id', () => {
    const ids: readonly string[] = ADAPTERS.map((a) => a.id);
    expect(Object.keys(loadConfig(FULL_ENV).carriers).filter((id) => !ids.includes(id))).toEqual([]);
  });

  it('uses the production base URLs from CARRIERS.md by default', () => {
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      DISCORD_TOKEN: 'discord-token-value',
      DISCORD_APPLICATION_ID: '123456789012345678',
      HKPOST_SYS_ID: 'id',
      HKPOST_SYS_SECRET: 'secret',
      NZPOST_CLIENT_ID: 'id',
      NZPOST_CLIENT_SECRET: 'secret',
      FUUFFY_CLIENT_ID: 'id',
      FUUFFY_CLIENT_SECRET: 'secret',
      TRACKINGMORE_API_KEY: 'key',
    });
    expect(config.telegram?.apiRoot).toBe('https://api.telegram.org');
    expect(config.telegram?.webhook).toBeUndefined();
    expect(config.discord?.apiRoot).toBe('https://discord.com/api');
    expect(config.carriers['hongkong-post']?.baseUrl).toBe('https://partner.hongkongpost.hk/mailTrackingAPI');
    expect(config.carriers['nz-post']?.baseUrl).toBe('https://api.nzpost.co.nz/parceltrack/3.0');
    expect(config.carriers['nz-post']?.authUrl).toBe('https://oauth.nzpost.co.nz/as/token.oauth2');
    expect(config.carriers.fuuffy?.baseUrl).toBe('https://api-gateway.fuuffy.com/v1');
    expect(config.carriers.trackingmore?.baseUrl).toBe('https://api.trackingmore.com/v2');
  });

  it('disables a group with half its credentials and names the missing variable', () => {
    const config = loadConfig({ HKPOST_SYS_ID: 'postie', DISCORD_TOKEN: 'discord-token-value' });
    expect(config.carriers['hongkong-post']).toBeUndefined();
    expect(config.discord).toBeUndefined();
    expect(config.disabled).toContain('hongkong-post: HKPOST_SYS_SECRET is not set (HKPOST_SYS_ID is)');
    expect(config.disabled).toContain('discord: DISCORD_APPLICATION_ID is not set (DISCORD_TOKEN is)');
    expect('discord' in config).toBe(false);
  });

  it('throws one ConfigError naming every malformed variable without quoting any value', () => {
    const bad = {
      TELEGRAM_BOT_TOKEN: 'canary-telegram-token',
      TELEGRAM_API_ROOT: 'ftp://canary-root.example',
      TELEGRAM_WEBHOOK_URL: 'http://canary-webhook.example/hook',
      TELEGRAM_WEBHOOK_SECRET: 'canary secret with spaces',
      DISCORD_APPLICATION_ID: 'canary-app-id',
      HKPOST_BASE_URL: 'canary-not-a-url',
      STORE_URL: 'mysql://canary-store',
      HTTP_HOST: 'canary host',
      SHUTDOWN_TIMEOUT_MS: '999',
      HTTP_PORT: '65536',
      LOG_LEVEL: 'canary-level',
      DEFAULT_LOCALE: 'canary-locale',
      DEFAULT_TIMEZONE: 'Canary/Nowhere',
      NODE_ENV: 'canary-env',
    };
    const error = configError(bad);
    expect(error.name).toBe('ConfigError');
    expect(error).toBeInstanceOf(Error);
    expect(error.issues.map((issue) => issue.key).sort()).toEqual(Object.keys(bad).sort());
    const lines = error.message.split('\n');
    for (const key of Object.keys(bad))
      expect(lines.filter((line) => line.includes(`${key}:`))).toHaveLength(1);
    for (const value of Object.values(bad)) {
      expect(error.message).not.toContain(value);
      expect(JSON.stringify(error.issues)).not.toContain(value);
    }
    expect(error.message.toLowerCase()).not.toContain('canary');
  });

  it('reports malformed values even while credentials are missing elsewhere', () => {
    const error = configError({ HTTP_PORT: 'eighty', HKPOST_SYS_ID: 'postie' });
    expect(error.issues).toEqual([{ key: 'HTTP_PORT', message: 'must be an integer from 0 to 65535' }]);
  });

  it('refuses a webhook secret without a webhook URL', () => {
    expect(configError({ TELEGRAM_WEBHOOK_SECRET: 'abc' }).issues.map((issue) => issue.key)).toEqual([
      'TELEGRAM_WEBHOOK_SECRET',
    ]);
  });

  it('checks value formats at their edges', () => {
    expect(loadConfig({ HTTP_PORT: '0' }).http.port).toBe(0);
    expect(loadConfig({ HTTP_PORT: '65535' }).http.port).toBe(65_535);
    expect(configError({ HTTP_PORT: '-1' }).issues).toHaveLength(1);
    expect(configError({ HTTP_PORT: '80.5' }).issues).toHaveLength(1);
    expect(loadConfig({ SHUTDOWN_TIMEOUT_MS: '1000' }).shutdown.timeoutMs).toBe(1_000);
    expect(loadConfig({ SHUTDOWN_TIMEOUT_MS: '600000' }).shutdown.timeoutMs).toBe(600_000);
    for (const ms of ['999', '600001', '10s', '-1', '1e4'])
      expect(configError({ SHUTDOWN_TIMEOUT_MS: ms }).issues.map((issue) => issue.key)).toEqual([
        'SHUTDOWN_TIMEOUT_MS',
      ]);
    for (const host of ['0.0.0.0', '::', '::1', '192.168.1.20', 'localhost', 'postie.internal'])
      expect(loadConfig({ HTTP_HOST: host }).http.host).toBe(host);
    for (const host of ['0.0.0.0:8080', 'http://localhost', 'two words', '[::1]'])
      expect(configError({ HTTP_HOST: host }).issues.map((issue) => issue.key)).toEqual(['HTTP_HOST']);
    expect(
      loadConfig({ TELEGRAM_WEBHOOK_URL: 'https://x.example', TELEGRAM_WEBHOOK_SECRET: 'a'.repeat(256) }),
    ).toBeTruthy();
    expect(
      configError({ TELEGRAM_WEBHOOK_URL: 'https://x.example', TELEGRAM_WEBHOOK_SECRET: 'a'.repeat(257) }),
    ).toBeInstanceOf(ConfigError);
    expect(configError({ DISCORD_APPLICATION_ID: '1234567890123456' })).toBeInstanceOf(ConfigError);
    expect(loadConfig({ DISCORD_APPLICATION_ID: '12345678901234567890' })).toBeTruthy();
    expect(loadConfig({ STORE_URL: 'rediss://user:pw@redis.example:6380' }).store.url).toBe(
      'rediss://user:pw@redis.example:6380',
    );
    expect(loadConfig({ LOG_LEVEL: 'silent' }).log.level).toBe('silent');
    expect(loadConfig({ NODE_ENV: 'test' }).log.pretty).toBe(false);
  });

  it('returns a deeply frozen object', () => {
    const config = loadConfig(FULL_ENV);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.carriers['nz-post'])).toBe(true);
    expect(Object.isFrozen(config.telegram?.webhook)).toBe(true);
    expect(Object.isFrozen(config.secrets)).toBe(true);
    // ES modules run in strict mode: writing to a frozen object throws instead of failing silently.
    expect(() => {
      (config.http as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(() => {
      (config.disabled as string[]).push('x');
    }).toThrow(TypeError);
  });

  it('treats empty and blank values as unset', () => {
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: '',
      TELEGRAM_WEBHOOK_URL: '',
      HKPOST_SYS_ID: '',
      HKPOST_SYS_SECRET: 'hkpost-sys-secret',
      HTTP_PORT: '',
      LOG_LEVEL: '   ',
      DEFAULT_TIMEZONE: '',
    });
    expect(config.telegram).toBeUndefined();
    expect(config.http.port).toBe(8080);
    expect(config.log.level).toBe('info');
    expect(config.defaults.timezone).toBe('UTC');
    expect(config.disabled).toContain('hongkong-post: HKPOST_SYS_ID is not set (HKPOST_SYS_SECRET is)');
  });

  it('accepts IANA time zones, canonicalised, and refuses anything else', () => {
    expect(loadConfig({ DEFAULT_TIMEZONE: 'Pacific/Auckland' }).defaults.timezone).toBe('Pacific/Auckland');
    expect(loadConfig({ DEFAULT_TIMEZONE: 'asia/hong_kong' }).defaults.timezone).toBe('Asia/Hong_Kong');
    expect(loadConfig({ DEFAULT_TIMEZONE: 'Etc/GMT-8' }).defaults.timezone).toBe('Etc/GMT-8');
    for (const zone of ['Mars/Olympus_Mons', '+08:00', 'GMT+8 ', 'Asia/Hong Kong']) {
      expect(configError({ DEFAULT_TIMEZONE: zone }).issues.map((issue) => issue.key)).toEqual([
        'DEFAULT_TIMEZONE',
      ]);
    }
  });

  it('documents every variable in .env.example, and the example loads as it is', () => {
    const example = parseEnv(readFileSync(new URL('../.env.example', import.meta.url), 'utf8'));
    expect(Object.keys(example).sort()).toEqual([...ENV_KEYS].sort());
    expect(loadConfig(example)).toEqual(loadConfig({}));
  });
});

describe('readEnvFile', () => {
  it('loads a file into process.env without overriding variables already set', () => {
    const fromFile = 'POSTIE_TEST_FROM_FILE';
    const alreadySet = 'POSTIE_TEST_ALREADY_SET';
    const dir = mkdtempSync(join(tmpdir(), 'postie-config-'));
    const path = join(dir, '.env');
    writeFileSync(path, `${fromFile}=file\n${alreadySet}=file\n`);
    process.env[alreadySet] = 'environment';
    try {
      readEnvFile(path);
      expect(process.env[fromFile]).toBe('file');
      expect(process.env[alreadySet]).toBe('environment');
    } finally {
      delete process.env[fromFile];
      delete process.env[alreadySet];
      rmSync(dir, { recursive: true });
    }
  });

  it('ignores a missing file', () => {
    expect(() => readEnvFile(join(tmpdir(), 'postie-no-such-dir', '.env'))).not.toThrow();
  });

  it('throws when the path cannot be read as a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'postie-config-'));
    try {
      expect(() => readEnvFile(dir)).toThrow();
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
