import type { EnvSettings, SettingsOf } from '../manifest.js';

/** Its environment variables, by the setting each fills (`.env.example` documents them). */
export const ENV = {
  apiKey: { key: 'TRACKINGMORE_API_KEY', kind: 'secret' },
  // Seed 004: API v2 (v4 is not supported yet).
  baseUrl: { key: 'TRACKINGMORE_BASE_URL', kind: 'url', default: 'https://api.trackingmore.com/v2' },
} as const satisfies EnvSettings;

export type TrackingmoreSettings = SettingsOf<typeof ENV>;
