import { SettingRefused } from '../domain/setting-refused.js';

/** The settings that choose where a listener binds: variable or flag names, for the message. */
export interface ListenSettings {
  readonly port: string;
  readonly host?: string;
}

/**
 * Why a listener could not bind, as a refused setting (`EADDRINUSE`: the port is taken; `EACCES`: a
 * privileged port; `EADDRNOTAVAIL`, `ENOTFOUND`: the host is not this machine's), or `undefined` for
 * any other failure. The message names the port or host and the setting to change.
 */
export function listenRefusal(error: unknown, settings: ListenSettings): SettingRefused | undefined {
  if (!(error instanceof Error) || !('code' in error)) return undefined;
  const port = 'port' in error ? String(error.port) : 'the port';
  const host = 'address' in error ? String(error.address) : 'hostname' in error ? String(error.hostname) : '';
  switch (error.code) {
    case 'EADDRINUSE':
      return new SettingRefused(settings.port, `port ${port} is already in use: change ${settings.port}`);
    case 'EACCES':
      return new SettingRefused(
        settings.port,
        `port ${port} needs privileges Postie does not have: change ${settings.port} to 1024 or above`,
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return settings.host === undefined
        ? undefined
        : new SettingRefused(
            settings.host,
            `${host || 'the host'} is not an address of this machine: change ${settings.host} (0.0.0.0 listens on every interface)`,
          );
    default:
      return undefined;
  }
}
