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
