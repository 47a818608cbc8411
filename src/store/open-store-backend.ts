import type { RedisConnectionOptions } from './redis-connection.js';
import { openSqliteBackend } from './sqlite-backend.js';
import type { SqliteDatabaseOptions } from './sqlite-database.js';
import type { StoreBackend } from './store-backend.js';
import { parseStoreUrl } from './store-url.js';

export type StoreBackendOptions = SqliteDatabaseOptions & RedisConnectionOptions;

/**
 * Opens the store `STORE_URL` names, once per process: `sqlite://<path>` (the embedded default) or
 * `redis://…` / `rediss://…` (shared by several instances). The Redis client is loaded only for a Redis
 * URL, so the embedded store never loads it. Rejects for any other URL (without echoing it: it may hold
 * a password), and when a SQLite file cannot be opened or is not one this release reads.
 */
export async function openStoreBackend(
  url: string,
  options: StoreBackendOptions = {},
): Promise<StoreBackend> {
  const location = parseStoreUrl(url);
  if (!location) throw new Error('STORE_URL must be sqlite://<path>, redis://… or rediss://…');
  if (location.kind === 'sqlite') return openSqliteBackend(location.path, options);
  const { openRedisBackend } = await import('./redis-backend.js');
  return openRedisBackend(location.url, options);
}
