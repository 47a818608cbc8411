import { describe, expect, it } from 'vitest';
import type { ChatRef } from '../../../src/domain/chat.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import {
  DM_CHANNEL,
  MANAGER_PERMISSIONS,
  pressButton,
  slashCommand,
  userMessage,
  type Where,
} from './discord-payloads.js';
import { discordSuite } from './discord-suite.js';
import type { LoggedRequest } from './fake-discord.js';
import { type FakeInteraction, FLAGS, type Json, type StoredMessage } from './fake-state.js';

/**
 * `/forget` and `/unsubscribe all` in a server: only members who may manage the channel (their
 * permissions arrive with each interaction), only after Confirm; in a DM the person owns the chat.
 */
const { logger } = captureLogger('debug');
const suite = discordSuite(logger);

const DELIVERED = 'RB000000014HK';
const MANAGER: Where = { permissions: MANAGER_PERMISSIONS };
const serverChannel = (): ChatRef => ({
  platform: 'discord',
  id: suite.fake.state.guild.channelId,
  kind: 'group',
});
const dm: ChatRef = { platform: 'discord', id: DM_CHANNEL, kind: 'private' };
const followed = async (chat: ChatRef) =>
  (await suite.rig.engine.subscriptions.list(chat)).map((p) => p.subscription.number);

async function requestsOf(interaction: FakeInteraction, count: number): Promise<LoggedRequest[]> {
  const mine = (r: LoggedRequest) => r.path.includes(interaction.token);
  await suite.fake.waitForRequest((r) => mine(r) && suite.fake.requests.filter(mine).length >= count);
  return suite.fake.requests.filter(mine);
}

const bodyOf = (r: LoggedRequest | undefined): Json => (r?.body ?? {}) as Json;
const textOf = (body: Json | undefined) =>
  ((body?.['embeds'] ?? []) as Json[]).map((e) => String(e['description'] ?? '')).join('\n');
const customIds = (body: Json | undefined) =>
  ((body?.['components'] ?? []) as Json[]).flatMap((row) =>
    (row['components'] as Json[]).map((b) => String(b['custom_id'])),
  );

/** Follows a parcel in the server channel, or in the DM (unless it already does). */
async function follow(number: string, where: Where = {}) {
  const chat = where.dm ? dm : serverChannel();
  if ((await followed(chat)).includes(number)) return;
  await requestsOf(slashCommand(suite.fake, 'subscribe', { number }, where), 3);
  expect(await followed(chat)).toContain(number);
}

/** `/forget` or `/unsubscribe all` as a slash command: the question (or refusal) as it was left. */
async function ask(command: 'forget' | 'unsubscribe', where: Where = {}) {
  const interaction = slashCommand(
    suite.fake,
    command,
    command === 'unsubscribe' ? { number: 'all' } : {},
    where,
  );
  const [ack, edit] = await requestsOf(interaction, 2);
  expect(bodyOf(ack)).toEqual({ type: 5, data: { flags: FLAGS.ephemeral } });
  const message = suite.fake.state.originalOf(interaction);
  if (!message) throw new Error('no answer');
  return { body: bodyOf(edit), message };
}

/** Presses the button `customId` under `message`; resolves with what was sent after the acknowledgement. */
async function press(message: StoredMessage, customId: string, where: Where = {}) {
  const [ack, answer] = await requestsOf(pressButton(suite.fake, message, customId, where), 2);
  expect(bodyOf(ack)).toEqual({ type: 6 });
  return answer;
}

describe('Discord: deleting what a channel follows', () => {
  it('refuses /forget and /unsubscribe all to a member who may not manage the channel', async () => {
    await follow(DELIVERED);
    for (const command of ['forget', 'unsubscribe'] as const) {
      const { body } = await ask(command, { locale: 'zh-TW' });
      expect(textOf(body)).toBe('只有這個群組的管理員才可以這樣做。');
      expect(customIds(body)).toEqual([]);
    }
    expect(await followed(serverChannel())).toEqual([DELIVERED]);
  });

  it('asks a member who may manage the channel, refuses anyone else’s Confirm, and deletes on theirs', async () => {
    await follow(DELIVERED);
    const { body, message } = await ask('forget', MANAGER);
    expect(textOf(body)).toContain('the one parcel it follows');
    const [confirm, cancel] = customIds(body);
    expect(confirm).toMatch(/^c:forget:[0-9a-z]+$/);
    expect(cancel).toBe('x:forget');

    const refused = await press(message, confirm ?? '');
    expect(refused).toMatchObject({ method: 'POST' });
    expect(bodyOf(refused)['flags']).toBe(FLAGS.ephemeral);
    expect(textOf(bodyOf(refused))).toContain('administrators can do that');
    expect(await followed(serverChannel())).toEqual([DELIVERED]);

    const done = await press(message, confirm ?? '', MANAGER);
    expect(done).toMatchObject({ method: 'PATCH' });
    expect(textOf(bodyOf(done))).toContain('deleted everything');
    expect(customIds(bodyOf(done))).toEqual([]);
    expect(await followed(serverChannel())).toEqual([]);
  });

  it('deletes nothing on Cancel, nor on a Confirm pressed after it expired', async () => {
    await follow(DELIVERED);
    const first = await ask('unsubscribe', MANAGER);
    const cancelled = await press(first.message, customIds(first.body)[1] ?? '', MANAGER);
    expect(textOf(bodyOf(cancelled))).toContain('Cancelled');
    const second = await ask('unsubscribe', MANAGER);
    suite.rig.clock.advance(5 * 60_000 + 1000);
    const expired = await press(second.message, customIds(second.body)[0] ?? '', MANAGER);
    expect(textOf(bodyOf(expired))).toContain('That confirmation has expired');
    expect(await followed(serverChannel())).toEqual([DELIVERED]);
  });

  it('asks in a DM too, where the person owns the chat', async () => {
    await follow(DELIVERED, { dm: true });
    const { body, message } = await ask('forget', { dm: true });
    expect(textOf(body)).toContain('Delete everything I keep about this chat?');
    await press(message, customIds(body)[0] ?? '', { dm: true });
    expect(await followed(dm)).toEqual([]);
  });

  it('works out a mentioning member’s permissions from their server roles', async () => {
    await follow(DELIVERED);
    const channel = `/channels/${suite.fake.state.guild.channelId}/messages`;
    const sent = () => suite.fake.requests.filter((r) => r.method === 'POST' && r.path === channel);
    const before = sent().length;
    userMessage(suite.fake, '/forget', { mention: true });
    await suite.fake.waitForRequest(() => sent().length > before);
    expect(textOf(bodyOf(sent().at(-1)))).toContain('administrators can do that');
    userMessage(suite.fake, '/forget', { mention: true, roles: [suite.fake.state.guild.moderatorRoleId] });
    await suite.fake.waitForRequest(() => sent().length > before + 1);
    expect(customIds(bodyOf(sent().at(-1)))[1]).toBe('x:forget');
    expect(await followed(serverChannel())).toEqual([DELIVERED]);
  });
});
