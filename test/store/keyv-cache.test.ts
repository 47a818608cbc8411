import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStoredCache } from '../../src/store/keyv-cache.js';
import { testRedisUrl } from '../helpers/test-redis.js';

const dir = mkdtempSync(join(tmpdir(), 'postie-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const stores = [
  { name: 'sqlite (embedded)', url: `sqlite://${join(dir, 'nested', 'postie.sqlite')}` },
  { name: 'redis (shared)', url: testRedisUrl() },
];

describe.each(stores)('stored cache on $name', ({ url }) => {
  const namespace = `test-${process.pid}-${Date.now()}`;

  it('keeps values across a reopen, as after a restart', async () => {
    const first = openStoredCache(url, namespace);
    await first.set('quota:hongkong-post:day:2026-01-01', 41, 60_000);
    await first.set('answer:x', { kind: 'found', nested: [1, 2] }, 60_000);
    await first.close();

    const second = openStoredCache(url, namespace);
    expect(await second.get<number>('quota:hongkong-post:day:2026-01-01')).toBe(41);
    expect(await second.get('answer:x')).toEqual({ kind: 'found', nested: [1, 2] });
    await second.delete('answer:x');
    expect(await second.get('answer:x')).toBeUndefined();
    await second.close();
  });

  it('lists every entry of its namespace, across pages, and nothing of another', async () => {
    const mine = openStoredCache(url, `${namespace}-list`);
    const other = openStoredCache(url, `${namespace}-list-other`);
    const count = 2_500;
    for (let i = 0; i < count; i += 250) {
      await Promise.all(Array.from({ length: 250 }, (_, j) => mine.set(`k${i + j}`, { n: i + j })));
    }
    await other.set('k0', { n: -1 });
    await mine.set('gone', 1, 1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const seen = new Map<string, unknown>();
    for await (const [key, value] of mine.entries<{ n: number }>()) seen.set(key, value);
    expect(seen.size).toBe(count);
    expect(seen.get('k0')).toEqual({ n: 0 });
    expect(seen.get(`k${count - 1}`)).toEqual({ n: count - 1 });
    for (let i = 0; i < count; i += 250) {
      await Promise.all(Array.from({ length: 250 }, (_, j) => mine.delete(`k${i + j}`)));
    }
    await other.delete('k0');
    await Promise.all([mine.close(), other.close()]);
  });

  it('keeps namespaces apart', async () => {
    const a = openStoredCache(url, `${namespace}-a`);
    const b = openStoredCache(url, `${namespace}-b`);
    await a.set('k', 'a', 60_000);
    expect(await b.get('k')).toBeUndefined();
    await Promise.all([a.close(), b.close()]);
  });
});
