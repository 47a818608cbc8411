import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/domain/store-unavailable.js';
import { openStoreBackend } from '../../src/store/open-store-backend.js';
import type { StoreBackend, StoreState } from '../../src/store/store-backend.js';

const root = mkdtempSync(join(tmpdir(), 'postie-lost-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;

const opened: StoreBackend[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((b) => b.close()));
});

/** A store in a folder of its own, and what it reported. */
async function openInFolder(options: { busyTimeoutMs?: number } = {}) {
  const folder = join(root, `data-${++folders}`);
  const file = join(folder, 'postie.sqlite');
  const changes: { state: StoreState; error?: Error }[] = [];
  const backend = await openStoreBackend(`sqlite://${file}`, {
    ...options,
    onStateChange: (state, error) => changes.push(error ? { state, error } : { state }),
  });
  opened.push(backend);
  return { backend, folder, file, changes };
}

describe('the embedded store while running', () => {
  it('refuses writes once its folder is deleted, instead of writing into a file no one will read again', async () => {
    const { backend, folder, file, changes } = await openInFolder();
    const subs = backend.namespace('subs-subscription');
    await subs.set('telegram:1|RB000000014HK', { state: 'active' });
    rmSync(folder, { recursive: true });

    const write = subs.set('telegram:1|EA000001006HK', { state: 'active' });
    await expect(write).rejects.toThrow(StoreUnavailableError);
    await expect(write).rejects.toThrow(file);
    await expect(
      backend.write([{ namespace: 'subs-watch', key: 'EA000001006HK', value: {} }]),
    ).rejects.toThrow(StoreUnavailableError);
    await expect(subs.delete('telegram:1|RB000000014HK')).rejects.toThrow(StoreUnavailableError);
    await expect(backend.counters.increment('quota:x', 1, 60_000)).rejects.toThrow(StoreUnavailableError);
    // Reads too: what they would show can no longer change.
    await expect(subs.get('telegram:1|RB000000014HK')).rejects.toThrow(StoreUnavailableError);
    expect(backend.state).toBe('unavailable');
    expect(changes).toEqual([{ state: 'unavailable', error: expect.any(StoreUnavailableError) }]);
    expect(changes[0]?.error?.message).toContain(file);
  });

  it('says so on its state, without a write, once the file is gone', async () => {
    const { backend, file, changes } = await openInFolder();
    expect(backend.state).toBe('ready');
    rmSync(file);
    expect(backend.state).toBe('unavailable');
    expect(changes.map((c) => c.state)).toEqual(['unavailable']);
  });

  it('refuses writes when another file has taken its place', async () => {
    const { backend, folder, file } = await openInFolder();
    const cache = backend.namespace('chats');
    await cache.set('settings:telegram:1', { locale: 'en' });
    renameSync(folder, `${folder}-moved`);
    mkdirSync(folder);
    new DatabaseSync(file).close();
    await expect(cache.set('settings:telegram:1', { locale: 'zh-HK' })).rejects.toThrow(
      StoreUnavailableError,
    );
  });

  it('reports a write SQLite refuses as the store unavailable, and works again once it passes', async () => {
    const { backend, file } = await openInFolder({ busyTimeoutMs: 1 });
    const cache = backend.namespace('chats');
    await cache.set('settings:telegram:1', { locale: 'en' });
    // Another program holds the file's write lock.
    const other = new DatabaseSync(file);
    try {
      other.exec('BEGIN IMMEDIATE');
      await expect(cache.set('settings:telegram:1', { locale: 'zh-HK' })).rejects.toThrow(
        StoreUnavailableError,
      );
      other.exec('ROLLBACK');
    } finally {
      other.close();
    }
    await cache.set('settings:telegram:1', { locale: 'zh-CN' });
    expect(await cache.get('settings:telegram:1')).toEqual({ locale: 'zh-CN' });
  });
});

describe('the embedded store at start', () => {
  it('refuses a path whose folder cannot be made, naming STORE_URL and the path', async () => {
    const blocker = join(root, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const path = join(blocker, 'data', 'postie.sqlite');
    const opening = openStoreBackend(`sqlite://${path}`);
    await expect(opening).rejects.toThrow(StoreUnavailableError);
    await expect(opening).rejects.toThrow(/STORE_URL/);
    await expect(opening).rejects.toThrow(path);
  });
});
