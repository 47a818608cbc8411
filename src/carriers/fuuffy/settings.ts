import type { EnvSettings, SettingsOf } from '../manifest.js';

/** Its environment variables, by the setting each fills (`.env.example` documents them). */
export const ENV = {
  clientId: { key: 'FUUFFY_CLIENT_ID', kind: 'credential' },
  clientSecret: { key: 'FUUFFY_CLIENT_SECRET', kind: 'secret' },
  // seeds/003 (testing: https://testing-api-gateway.fuuffy.com/v1).
  baseUrl: { key: 'FUUFFY_BASE_URL', kind: 'url', default: 'https://api-gateway.fuuffy.com/v1' },
} as const satisfies EnvSettings;

export type FuuffySettings = SettingsOf<typeof ENV>;
