import { StoreUnavailableError } from '../domain/store-unavailable.js';
import type { RedisConnectionOptions } from './redis-connection.js';
import { openSqliteBackend, type SqliteBackendOptions } from './sqlite-backend.js';
import type { StoreBackend } from './store-backend.js';
import { parseStoreUrl } from './store-url.js';

export type StoreBackendOptions = SqliteBackendOptions & RedisConnectionOptions;

/**
 * Opens the store `STORE_URL` names, once per process: `sqlite://<path>` (the embedded default) or
 * `redis://…` / `rediss://…` (shared by several instances). The Redis client is loaded only for a Redis
 * URL, so the embedded store never loads it. Rejects for any other URL (without echoing it: it may hold
 * a password), and with a `StoreUnavailableError` naming the path when a SQLite file cannot be opened
 * (its folder cannot be made, the file is not one this release reads). A Redis server that cannot be
 * reached is no reason to reject: it resolves after the first attempt, `unavailable`, and keeps trying.
 */
export async function openStoreBackend(
  url: string,
  options: StoreBackendOptions = {},
): Promise<StoreBackend> {
  const location = parseStoreUrl(url);
  if (!location) throw new Error('STORE_URL must be sqlite://<path>, redis://… or rediss://…');
  if (location.kind === 'sqlite') {
    try {
      return openSqliteBackend(location.path, options);
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'it failed';
      throw new StoreUnavailableError(location.path, `it cannot be opened (${reason})`, { cause: error });
    }
  }
  const { openRedisBackend } = await import('./redis-backend.js');
  return openRedisBackend(location.url, options);
}
