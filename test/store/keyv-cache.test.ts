import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStoredCache } from '../../src/store/keyv-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'postie-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const stores = [
  { name: 'sqlite (embedded)', url: `sqlite://${join(dir, 'nested', 'postie.sqlite')}` },
  { name: 'redis (shared)', url: 'redis://127.0.0.1:6379' },
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

  it('keeps namespaces apart', async () => {
    const a = openStoredCache(url, `${namespace}-a`);
    const b = openStoredCache(url, `${namespace}-b`);
    await a.set('k', 'a', 60_000);
    expect(await b.get('k')).toBeUndefined();
    await Promise.all([a.close(), b.close()]);
  });
});
