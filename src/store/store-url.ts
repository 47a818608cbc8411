/** Where `STORE_URL` points: the one place that tells the embedded store from the shared one. */
export type StoreLocation =
  | {
      readonly kind: 'sqlite' /** A file path (its folder is created), or `:memory:`. */;
      readonly path: string;
    }
  | { readonly kind: 'redis' /** `redis://…` or `rediss://…` (TLS), as given. */; readonly url: string };

/**
 * `sqlite://<path>` (relative to the working directory, or absolute: `sqlite:///var/lib/postie.sqlite`)
 * or `redis://…` / `rediss://…`; undefined for anything else. Never echoes the URL (it may hold a password).
 */
export function parseStoreUrl(url: string): StoreLocation | undefined {
  const sqlite = /^sqlite:\/\/(\S+)$/.exec(url);
  if (sqlite?.[1]) return { kind: 'sqlite', path: sqlite[1] };
  if (/^rediss?:\/\/\S+$/.test(url) && URL.canParse(url)) return { kind: 'redis', url };
  return undefined;
}

/**
 * `STORE_URL` as logs and errors may show it: `redis://host:port/db` (no user, password or options;
 * port 6379 when none is given), or the SQLite file's path. Undefined for a URL `parseStoreUrl` refuses.
 */
export function describeStoreUrl(url: string): string | undefined {
  const location = parseStoreUrl(url);
  if (!location) return undefined;
  if (location.kind === 'sqlite') return location.path;
  const { protocol, hostname, port, pathname } = new URL(location.url);
  const database = pathname.replace(/^\/+/, '');
  return `${protocol}//${hostname}:${port || '6379'}${database ? `/${database}` : ''}`;
}
