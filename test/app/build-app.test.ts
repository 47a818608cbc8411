import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app/build-app.js';
import { type RunningSandboxes, startSandboxes } from '../../src/carriers/sandboxes.js';
import { runCli } from '../../src/cli/run-cli.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { systemClock } from '../../src/time/clock.js';

/** The namespaces the app opens on its store, in order: what each command's parts cost. */
const opened: string[] = [];
vi.mock('../../src/store/open-store-backend.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/store/open-store-backend.js')>();
  return {
    ...real,
    openStoreBackend: async (...args: Parameters<typeof real.openStoreBackend>) => {
      const backend = await real.openStoreBackend(...args);
      return new Proxy(backend, {
        get(target, property, receiver) {
          if (property !== 'namespace') return Reflect.get(target, property, receiver);
          return (name: string) => {
            opened.push(name);
            return target.namespace(name);
          };
        },
      });
    },
  };
});

let sandboxes: RunningSandboxes;
const saved = { ...process.env };
const logger = createLogger({ level: 'silent', pretty: false });
const config = () => loadConfig({ ...sandboxes.env, STORE_URL: 'sqlite://:memory:', LOG_LEVEL: 'silent' });

beforeAll(async () => {
  sandboxes = await startSandboxes({ clock: systemClock, enforceLimits: false });
});
afterAll(async () => {
  process.env = saved;
  await sandboxes.close();
});
beforeEach(() => {
  opened.length = 0;
});

describe('buildApp builds only the parts asked for', () => {
  it('for lookups alone opens the carriers’ cache and no subscription or chat namespace', async () => {
    const app = await buildApp(config(), { logger });
    try {
      const [result] = await app.lookups.tracking.trackNumbers(['RB000000014HK'], {
        locale: 'en',
        priority: 'interactive',
      });
      expect(result?.outcome.kind).toBe('found');
      expect('bot' in app).toBe(false);
      expect(opened).toEqual(['carrier-cache']);
    } finally {
      expect(await app.stop()).toBe('complete');
    }
  });

  it('with the bot also opens the chats’ settings and the subscription store', async () => {
    const app = await buildApp(config(), { logger, bot: {} });
    await app.stop();
    expect(opened.toSorted()).toEqual([
      'carrier-cache',
      'chats',
      'subs-chat',
      'subs-outbox',
      'subs-subscription',
      'subs-watch',
    ]);
  });

  it('postie track opens no subscription store', async () => {
    Object.assign(process.env, sandboxes.env, { STORE_URL: 'sqlite://:memory:', LOG_LEVEL: 'silent' });
    let out = '';
    const stdout = new Writable({
      write(chunk, _encoding, done) {
        out += String(chunk);
        done();
      },
    });
    const io = { stdin: Readable.from([]), stdout, stderr: stdout };
    expect(await runCli(['track', 'RB000000014HK'], io)).toBe(0);
    expect(out).toContain('delivered');
    expect(opened).toEqual(['carrier-cache']);
  });
});
