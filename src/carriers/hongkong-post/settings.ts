import type { EnvSettings, SettingsOf } from '../manifest.js';

/** Its environment variables, by the setting each fills (`.env.example` documents them). */
export const ENV = {
  sysId: { key: 'HKPOST_SYS_ID', kind: 'credential' },
  sysSecret: { key: 'HKPOST_SYS_SECRET', kind: 'secret' },
  // Seed 000 and CARRIERS.md "Hongkong Post".
  baseUrl: {
    key: 'HKPOST_BASE_URL',
    kind: 'url',
    default: 'https://partner.hongkongpost.hk/mailTrackingAPI',
  },
} as const satisfies EnvSettings;

export type HongkongPostSettings = SettingsOf<typeof ENV>;
