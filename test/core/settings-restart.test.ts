import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app/build-app.js';
import { type RunningSandboxes, startSandboxes } from '../../src/carriers/sandboxes.js';
import { loadConfig } from '../../src/config.js';
import type { ChatRef } from '../../src/domain/chat.js';
import type { Reply } from '../../src/domain/reply.js';
import { createLogger } from '../../src/logger.js';
import { systemClock } from '../../src/time/clock.js';

let sandboxes: RunningSandboxes;
const dir = mkdtempSync(join(tmpdir(), 'postie-restart-'));
beforeAll(async () => {
  sandboxes = await startSandboxes({ clock: systemClock, enforceLimits: false });
});
afterAll(async () => {
  await sandboxes.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One run of Postie on the embedded store file: sends `text` to a chat, returns the reply texts. */
async function run(text: string, command?: { name: string; args: string }): Promise<string[]> {
  const config = loadConfig({ ...sandboxes.env, STORE_URL: `sqlite://${join(dir, 'postie.sqlite')}` });
  const logger = createLogger({ level: 'silent', pretty: false });
  const app = await buildApp(config, { logger, bot: { defaults: { locale: 'en', timeZone: 'UTC' } } });
  const bot = app.bot.core;
  const chat: ChatRef = { platform: 'telegram', id: '77', kind: 'private' };
  const replies: Reply[] = [];
  await bot.handleMessage(
    {
      chat,
      user: { id: '1', languageCode: 'en' },
      text,
      addressedToBot: true,
      ...(command ? { command } : {}),
    },
    async (reply) => {
      replies.push(reply);
    },
  );
  await app.stop();
  return replies.map((r) => r.blocks.map((b) => b.spans.map((s) => s.text).join('')).join('\n'));
}

it('answers in the chat’s chosen language and time zone after a restart', async () => {
  await run('/language zh-HK', { name: 'language', args: 'zh-HK' });
  await run('/timezone Pacific/Auckland', { name: 'timezone', args: 'Pacific/Auckland' });
  const [answer] = await run('RB000000014HK');
  expect(answer).toContain('香港郵政');
  const [zone] = await run('/timezone', { name: 'timezone', args: '' });
  expect(zone).toContain('Pacific/Auckland');
});
