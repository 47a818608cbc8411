import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import type { CarrierManifest } from '../../src/carriers/manifest.js';
import type { SandboxServer } from '../../src/carriers/sandbox-kit/sandbox-server.js';
import { loadConfig } from '../../src/config.js';
import { createHttpClient } from '../../src/http/http-client.js';
import { createLogger } from '../../src/logger.js';
import { createManualClock } from '../../src/time/manual-clock.js';
import { describeStatusTables } from './status-table-suite.js';

/** Where an adapter's files are: its source folder (named after it) and its tests' fixtures. */
export interface CarrierFolders {
  readonly source: string;
  readonly fixtures: string;
}

/** The files of an adapter folder, one role each (STYLE.md §3). */
const ROLE_FILES = ['index.ts', 'client.ts', 'schema.ts', 'normalize.ts', 'status.ts', 'sandbox.ts'];

const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ENV_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;
/** `<operation>.<scenario>.json` (STYLE.md §10). */
const FIXTURE_NAME = /^[A-Za-z0-9]+\.[A-Za-z0-9-]+\.json$/;

/**
 * Checks that one adapter has each role its manifest declares, and that the roles work together: the
 * folder named after the id with one file per role, the limits, the environment, the routes, a sandbox
 * that the configuration built from its environment switches the adapter on for, fixtures, and status
 * tables that keep the shared rules against those fixtures (`status-table-suite.ts`). `registry` is the list the adapter is checked in (the registered adapters, or a test's).
 */
export function describeCarrierRoles(
  manifest: CarrierManifest,
  folders: CarrierFolders,
  registry: readonly CarrierManifest[],
): void {
  describe(`the ${manifest.id} adapter`, () => {
    it('lives in the folder named after its id, one file per role, its manifest exported by index.ts', async () => {
      expect(manifest.id).toMatch(KEBAB_CASE);
      expect(basename(folders.source)).toBe(manifest.id);
      expect(ROLE_FILES.filter((file) => !existsSync(join(folders.source, file)))).toEqual([]);
      const index: Record<string, unknown> = await import(
        /* @vite-ignore */ join(folders.source, 'index.ts')
      );
      expect(Object.values(index)).toContain(manifest);
    });

    it('has a label and limits the queue can keep', () => {
      const { limits } = manifest;
      expect(manifest.label.trim()).not.toBe('');
      expect(limits.concurrency).toBeGreaterThanOrEqual(1);
      expect(limits.batchSize).toBeGreaterThanOrEqual(1);
      expect(limits.requestTimeoutMs).toBeGreaterThan(0);
      expect(limits.batchWindowMs).toBeGreaterThanOrEqual(0);
      expect(limits.cacheTtlMs).toBeGreaterThanOrEqual(0);
      for (const window of limits.windows ?? [])
        expect(Math.min(window.limit, window.windowMs)).toBeGreaterThan(0);
    });

    it('declares its environment: upper-case names, a credential to switch it on, https defaults', () => {
      const settings = Object.values(manifest.env);
      expect(settings.map((s) => s.key).filter((key) => !ENV_NAME.test(key))).toEqual([]);
      expect(settings.some((s) => s.kind !== 'url')).toBe(true);
      for (const s of settings) if (s.kind === 'url') expect(s.default).toMatch(/^https:\/\/[^/]/);
    });

    it('says which carriers it serves: carrier ids, or a function for an aggregator', () => {
      const { serves } = manifest;
      if (typeof serves === 'function') return;
      expect(serves.length).toBeGreaterThan(0);
      expect(serves.filter((carrier) => !KEBAB_CASE.test(carrier))).toEqual([]);
    });

    describe('sandbox', () => {
      let server: SandboxServer | undefined;
      afterEach(async () => {
        await server?.close();
        server = undefined;
      });

      it('starts on loopback, and its environment switches the adapter on through the configuration', async () => {
        const clock = createManualClock();
        const sandbox = await manifest.sandbox();
        server = await sandbox.start({ clock, enforceLimits: false });
        expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        const env = sandbox.env(server);
        const keys = Object.values(manifest.env).map((s) => s.key);
        expect(Object.keys(env).sort()).toEqual([...keys].sort());
        const config = loadConfig(env, registry);
        const settings = config.carriers[manifest.id];
        expect(settings).toBeDefined();
        expect(config.disabled.filter((reason) => reason.startsWith(`${manifest.id}:`))).toEqual([]);

        const http = createHttpClient();
        try {
          const adapter = await manifest.create(settings ?? {}, {
            http,
            clock,
            logger: createLogger({ level: 'silent', pretty: false }),
            cache: createMemoryCache(clock),
          });
          expect(adapter.id).toBe(manifest.id);
        } finally {
          await http.close();
        }
      });
    });

    it('has fixtures named <operation>.<scenario>.json, each one JSON', () => {
      const names = readdirSync(folders.fixtures);
      expect(names.length).toBeGreaterThan(0);
      expect(names.filter((name) => !FIXTURE_NAME.test(name))).toEqual([]);
      for (const name of names)
        expect(() => JSON.parse(readFileSync(join(folders.fixtures, name), 'utf8'))).not.toThrow();
    });

    describeStatusTables(manifest, folders.fixtures);
  });
}
