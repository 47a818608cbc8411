import { describe, expect, it } from 'vitest';
import type { ChatRef } from '../../../src/domain/chat.js';
import type { NotificationChannel } from '../../../src/domain/notification-channel.js';
import { block, type Reply, span } from '../../../src/domain/reply.js';
import { DiscordCallError } from '../../../src/frontends/discord/discord-errors.js';
import { encodeAction } from '../../../src/render/action-codec.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { ALICE, DM_CHANNEL } from './discord-payloads.js';
import { discordSuite } from './discord-suite.js';
import type { LoggedRequest } from './fake-discord.js';
import type { Json } from './fake-state.js';

/** The Discord front-end's notification channel: the real discord.js client against the fake gateway and REST. */
const { logger, lines } = captureLogger('debug');
const suite = discordSuite(logger);
const channel = (): NotificationChannel => {
  const notifications = suite.frontend.notifications;
  if (!notifications) throw new Error('the Discord front-end offers no notifications');
  return notifications;
};

const NUMBER = 'RB000000014HK';
const news: Reply = {
  blocks: [block('heading', span(`Hongkong Post ${NUMBER}`)), block('event', 'Delivered')],
  buttons: [[{ label: 'Stop', action: { kind: 'unsubscribe', number: NUMBER } }]],
};
const server = (): ChatRef => ({ platform: 'discord', id: suite.fake.state.guild.channelId, kind: 'group' });
const dm = (id: string): ChatRef => ({ platform: 'discord', id, kind: 'private' });
const posts = (channelId: string) =>
  suite.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`);
const bodyOf = (r: LoggedRequest | undefined): Json => (r?.body ?? {}) as Json;

describe('Discord notifications', () => {
  it('posts to a server channel as embeds and buttons, with the dedupe key as an enforced nonce', async () => {
    expect(channel().platform).toBe('discord');
    expect(await channel().deliver(server(), news, 'n.1')).toBe('sent');
    const body = bodyOf(posts(suite.fake.state.guild.channelId).at(-1));
    expect(body).toMatchObject({ nonce: 'n.1', enforce_nonce: true, allowed_mentions: { parse: [] } });
    expect((body['embeds'] as Json[])[0]?.['title']).toBe(`Hongkong Post ${NUMBER}`);
    const buttons = (body['components'] as Json[]).flatMap((row) => row['components'] as Json[]);
    expect(buttons.map((b) => b['custom_id'])).toEqual([
      encodeAction({ kind: 'unsubscribe', number: NUMBER }),
    ]);
  });

  it('fetches a DM channel once, then writes to it from the cache', async () => {
    suite.fake.state.openDm(DM_CHANNEL, ALICE);
    expect(await channel().deliver(dm(DM_CHANNEL), news, 'n.2')).toBe('sent');
    expect(await channel().deliver(dm(DM_CHANNEL), news, 'n.3')).toBe('sent');
    const fetched = suite.fake.requests.filter(
      (r) => r.method === 'GET' && r.path === `/channels/${DM_CHANNEL}`,
    );
    expect(fetched).toHaveLength(1);
    expect(posts(DM_CHANNEL).map((r) => bodyOf(r)['nonce'])).toEqual(['n.2', 'n.3']);
  });

  it('sends a notification twice with the same key: one message in the channel, each part once', async () => {
    const id = '1250000000000000010';
    suite.fake.state.openDm(id, ALICE);
    // Twelve headings are twelve embeds: two messages (ten embeds at most in one).
    const long: Reply = {
      blocks: Array.from({ length: 12 }, (_, i) => block('heading', `Parcel ${i}`)),
    };
    expect(await channel().deliver(dm(id), long, 'again.1')).toBe('sent');
    expect(await channel().deliver(dm(id), long, 'again.1')).toBe('sent');
    expect(posts(id)).toHaveLength(4);
    const nonces = posts(id).map((r) => String(bodyOf(r)['nonce']));
    expect(nonces[0]).toBe('again.1');
    expect(nonces[1]).not.toBe('again.1');
    expect(nonces[1]?.length).toBeLessThanOrEqual(25);
    expect(nonces.slice(2)).toEqual(nonces.slice(0, 2));
    expect(suite.fake.state.channelMessages(id)).toHaveLength(2);
  });

  it('reports a user who accepts no DMs (50007) and a channel that is gone (10003) as unreachable', async () => {
    const closed = '1250000000000000020';
    suite.fake.state.openDm(closed, ALICE);
    suite.fake.refuseChannel(closed, 50007);
    expect(await channel().deliver(dm(closed), news, 'n.4')).toBe('unreachable');
    const gone = '1250000000000000021';
    suite.fake.refuseChannel(gone, 10003);
    expect(await channel().deliver(dm(gone), news, 'n.5')).toBe('unreachable');
    const quiet = lines.filter((l) => l['msg'] === 'Discord channel unreachable, not notifying');
    expect(quiet.map((l) => (l['failure'] as Json)['code'])).toEqual([50007, 10003]);
  });

  it('rejects any other refusal without the message in the error', async () => {
    const locked = '1250000000000000030';
    suite.fake.state.openDm(locked, ALICE);
    suite.fake.refuseChannel(locked, 50013);
    const failure = await channel()
      .deliver(dm(locked), news, 'n.6')
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DiscordCallError);
    expect((failure as DiscordCallError).code).toBe(50013);
    expect(JSON.stringify(failure)).not.toContain(NUMBER);
    expect(String(failure)).not.toContain(NUMBER);
  });
});
