import type { EnvSettings, SettingsOf } from '../manifest.js';

/** Its environment variables, by the setting each fills (`.env.example` documents them). */
export const ENV = {
  clientId: { key: 'NZPOST_CLIENT_ID', kind: 'credential' },
  clientSecret: { key: 'NZPOST_CLIENT_SECRET', kind: 'secret' },
  // seeds/002 and CARRIERS.md "NZ Post ParcelTrack" (UAT: https://api.uat.nzpost.co.nz/parceltrack/3.0).
  baseUrl: { key: 'NZPOST_BASE_URL', kind: 'url', default: 'https://api.nzpost.co.nz/parceltrack/3.0' },
  // The OAuth2 client-credentials token endpoint.
  authUrl: { key: 'NZPOST_AUTH_URL', kind: 'url', default: 'https://oauth.nzpost.co.nz/as/token.oauth2' },
} as const satisfies EnvSettings;

export type NzPostSettings = SettingsOf<typeof ENV>;
