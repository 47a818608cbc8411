import { createClient } from '@keyv/redis';

const openClient = (url: string) => createClient({ url });
export type RedisClient = ReturnType<typeof openClient>;

/**
 * One Redis connection opened on first use: `ready()` resolves with the connected client (every caller
 * shares the same connection attempt); `close()` ends it, and is a no-op when it was never opened.
 */
export function lazyRedisClient(url: string): { ready(): Promise<RedisClient>; close(): Promise<void> } {
  const client = openClient(url);
  let connecting: Promise<unknown> | undefined;
  return {
    async ready() {
      connecting ??= client.connect();
      await connecting;
      return client;
    },
    async close() {
      if (!connecting) return;
      await connecting;
      client.destroy();
    },
  };
}
