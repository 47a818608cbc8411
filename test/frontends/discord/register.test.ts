import { Readable, Writable } from 'node:stream';
import { REST } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/cli/run-cli.js';
import { COMMANDS } from '../../../src/domain/commands.js';
import { registerCommands } from '../../../src/frontends/discord/index.js';
import { commandsOutOfDate } from '../../../src/frontends/discord/register.js';
import { createRenderer } from '../../../src/render/create-renderer.js';
import { type FakeDiscord, startFakeDiscord } from './fake-discord.js';
import type { Json } from './fake-state.js';

const core = { commands: COMMANDS, renderer: createRenderer() };
let fake: FakeDiscord;
const config = () => ({ token: fake.token, applicationId: fake.applicationId, apiRoot: fake.apiRoot });

beforeAll(async () => {
  fake = await startFakeDiscord();
});
afterAll(() => fake.close());
afterEach(() => expect(fake.problems()).toEqual([]));

const command = (body: unknown, name: string) =>
  ((body as Json[]).find((c) => c['name'] === name) ?? {}) as Json & { options: Json[] };

describe('registerCommands (postie discord:register)', () => {
  it('overwrites the global commands with the localized JSON derived from the core table', async () => {
    const rest = new REST({ api: fake.apiRoot }).setToken(fake.token);
    expect(await commandsOutOfDate(rest, config(), core)).toHaveLength(COMMANDS.length + 1);

    expect(await registerCommands({ config: config(), core })).toEqual({
      scope: 'global',
      count: COMMANDS.length + 1,
    });
    const put = fake.requests.find((r) => r.method === 'PUT');
    expect(put?.path).toBe(`/applications/${fake.applicationId}/commands`);
    const body = put?.body as Json[];
    expect(body.map((c) => c['name'])).toEqual([
      ...COMMANDS.map((c) => c.name),
      'Track numbers in this message',
    ]);

    const track = command(body, 'track');
    expect(track).toMatchObject({
      type: 1,
      name_localizations: { 'zh-TW': '追蹤', 'zh-CN': '查询' },
      description: 'Track parcels by their tracking numbers',
      description_localizations: { 'zh-TW': '用追蹤號碼查詢包裹', 'zh-CN': '按单号查询包裹' },
      contexts: [0, 1],
      integration_types: [0],
    });
    expect(track.options).toEqual([
      expect.objectContaining({
        name: 'numbers',
        name_localizations: { 'zh-TW': '號碼', 'zh-CN': '单号' },
        type: 3,
        required: true,
      }),
      expect.objectContaining({
        name: 'carrier',
        required: false,
        autocomplete: true,
        description_localizations: { 'zh-TW': '只向這家承運商查詢', 'zh-CN': '只向这家承运商查询' },
      }),
    ]);
    expect(command(body, 'unsubscribe').options[0]).toMatchObject({ name: 'number', autocomplete: true });
    expect(command(body, 'language').options[0]?.['choices']).toContainEqual({
      name: 'Traditional Chinese (Hong Kong)',
      name_localizations: { 'zh-TW': '繁體中文（香港）', 'zh-CN': '繁体中文（香港）' },
      value: 'zh-HK',
    });
    expect(command(body, 'forget')['default_member_permissions']).toBe('16');
    expect(command(body, 'quiet')).toMatchObject({
      name_localizations: { 'zh-TW': '勿擾時段', 'zh-CN': '免打扰' },
    });
    expect(command(body, 'quiet').options).toEqual([
      expect.objectContaining({
        name: 'hours',
        name_localizations: { 'zh-TW': '時段', 'zh-CN': '时段' },
        required: false,
        description_localizations: {
          'zh-TW': '24 小時制的開始-結束時間，例如 22:00-07:30；或 off',
          'zh-CN': '24 小时制的开始-结束时间，例如 22:00-07:30；或 off',
        },
      }),
      expect.objectContaining({
        name: 'urgent',
        name_localizations: { 'zh-TW': '緊急', 'zh-CN': '紧急' },
        required: false,
        choices: [
          {
            name: 'Out for delivery and delivered come at once',
            name_localizations: { 'zh-TW': '派送中及已送達立即發送', 'zh-CN': '派送中和已签收立即发送' },
            value: 'urgent',
          },
          expect.objectContaining({ value: 'hold' }),
        ],
      }),
    ]);
    // Every command has its name in both Chinese locales, as Discord's rules allow (the fake checks them).
    for (const c of COMMANDS)
      expect(Object.keys(command(body, c.name)['name_localizations'] as Json)).toHaveLength(2);
    expect(command(body, 'Track numbers in this message')).toEqual({
      type: 3,
      name: 'Track numbers in this message',
      name_localizations: { 'zh-TW': '追蹤這則訊息中的號碼', 'zh-CN': '查询这条消息中的单号' },
      contexts: [0, 1],
      integration_types: [0],
    });

    expect(await commandsOutOfDate(rest, config(), core)).toEqual([]);
  });

  it('registers in one server with --guild', async () => {
    const guildId = fake.state.guild.id;
    expect(await registerCommands({ config: config(), core, guildId })).toEqual({
      scope: 'guild',
      count: COMMANDS.length + 1,
    });
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'PUT',
      path: `/applications/${fake.applicationId}/guilds/${guildId}/commands`,
    });
  });
});

describe('postie discord:register when Discord refuses', () => {
  it('names DISCORD_TOKEN and exits 78 when the token is refused', async () => {
    vi.stubEnv('DISCORD_TOKEN', 'MTAwMDAwMDAwMDAwMDAwMDAy.wrong.token-for-tests-only');
    vi.stubEnv('DISCORD_APPLICATION_ID', fake.applicationId);
    vi.stubEnv('DISCORD_API_ROOT', fake.apiRoot);
    try {
      let err = '';
      const code = await runCli(['discord:register'], {
        stdin: Readable.from([]),
        stdout: new Writable({ write: (_chunk, _encoding, done) => done() }),
        stderr: new Writable({
          write(chunk, _encoding, done) {
            err += String(chunk);
            done();
          },
        }),
      });
      expect(code).toBe(78);
      expect(err).toMatch(
        /^postie discord:register: Discord command registration failed \(401 .*\): check DISCORD_TOKEN\n$/,
      );
      expect(err).not.toContain('wrong.token');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
