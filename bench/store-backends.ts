/**
 * The two stores the subscription benchmarks run on: an embedded SQLite file in a temporary folder, and a
 * namespace of its own on a Redis the benchmark starts (`startRedisServer`, never one it did not start).
 * Each can tell what a load added (file size, or Redis memory) and removes everything it made afterwards.
 */
import { rmSync, statSync } from 'node:fs';
import { connectRedis } from '../src/store/redis-connection.js';

export interface Backend {
  readonly name: string;
  /** `STORE_URL`. */
  readonly url: string;
  /** Prefix of every keyv namespace of the run (on Redis, every key of the run starts with it). */
  readonly namespace: string;
  /** Where a raw node:sqlite baseline may put its file beside the store's (the embedded store only). */
  readonly baselinePath?: string;
  /** Whether the store can be used (Redis answers); the reason when not. */
  ready(): Promise<true | string>;
  /** Call before loading: {@link size} reports what was added since. */
  mark(): Promise<void>;
  /** What the records take: on disk, or in Redis memory. */
  size(): Promise<string>;
  /** Deletes every record of the run (and disconnects). */
  remove(): Promise<void>;
}

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(0)} MB`;

export function sqliteBackend(dir: string): Backend {
  const path = `${dir}/bench.sqlite`;
  const url = `sqlite://${path}`;
  const bytes = (p: string) => {
    try {
      return statSync(p).size;
    } catch {
      return 0;
    }
  };
  return {
    name: 'SQLite (embedded)',
    url,
    namespace: 'subs',
    baselinePath: `${dir}/raw.sqlite`,
    ready: async () => true,
    mark: async () => undefined,
    // The database file plus its write-ahead log (what is not yet checkpointed into the file).
    size: async () => mb(bytes(path) + bytes(`${path}-wal`)),
    remove: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A Redis of the benchmark's own (`url`): everything on it is the run's. */
export function redisBackend(url: string): Backend {
  const redis = connectRedis(url).client;
  let before = 0;
  const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1]);
  return {
    name: 'Redis (shared)',
    url,
    namespace: 'subs',
    async ready() {
      try {
        await redis.ping();
        return true;
      } catch (error) {
        return (error as Error).message;
      }
    },
    async mark() {
      before = await usedMemory();
    },
    /**
     * The growth of the server's `used_memory`, and an estimate from the keys themselves: per kind of
     * key (its namespace), the mean `MEMORY USAGE` of up to 500 keys × how many there are.
     */
    async size() {
      const growth = (await usedMemory()) - before;
      const kinds = new Map<string, { count: number; sampled: number; bytes: number }>();
      for await (const keys of redis.scanIterator({ COUNT: 1000 })) {
        for (const key of keys) {
          const kind = key.split(/::|:/)[0] ?? key;
          const k = kinds.get(kind) ?? { count: 0, sampled: 0, bytes: 0 };
          k.count += 1;
          if (k.sampled < 500) {
            k.sampled += 1;
            k.bytes += (await redis.memoryUsage(key)) ?? 0;
          }
          kinds.set(kind, k);
        }
      }
      const all = [...kinds.values()];
      const estimate = all.reduce((sum, k) => sum + (k.bytes / k.sampled) * k.count, 0);
      const keys = all.reduce((sum, k) => sum + k.count, 0);
      return `${mb(growth)} (${mb(estimate)}, ${keys.toLocaleString('en')} keys)`;
    },
    async remove() {
      await redis.flushDb();
      redis.destroy();
    },
  };
}
