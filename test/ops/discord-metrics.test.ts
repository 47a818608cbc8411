import { afterEach, describe, expect, it } from 'vitest';
import { EMS_TO_UK } from '../../src/carriers/hongkong-post/sandbox-parcels.js';
import { HOUR_MS } from '../../src/carriers/sandbox-kit/timeline.js';
import {
  ALICE,
  DM_CHANNEL,
  MANAGER_PERMISSIONS,
  slashCommand,
} from '../frontends/discord/discord-payloads.js';
import { type FakeDiscord, type LoggedRequest, startFakeDiscord } from '../frontends/discord/fake-discord.js';
import type { FakeInteraction } from '../frontends/discord/fake-state.js';
import { type OpsRig, startOpsRig } from './ops-harness.js';

/**
 * Discord's side of the metrics, through `postie start` with the Discord front-end against the fake
 * Discord: the 429s its REST API answers and the chats it no longer lets Postie write to, counted with
 * `platform="discord"`.
 */
let rig: OpsRig | undefined;
let fake: FakeDiscord | undefined;
afterEach(async () => {
  await rig?.close();
  expect(fake?.problems()).toEqual([]);
  await fake?.close();
  rig = fake = undefined;
});

async function startWithDiscord(): Promise<{ rig: OpsRig; fake: FakeDiscord }> {
  fake = await startFakeDiscord({ heartbeatIntervalMs: 250 });
  rig = await startOpsRig({
    env: {
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_ROOT: fake.apiRoot,
    },
  });
  const started = rig;
  await expect.poll(async () => (await started.get('/readyz')).status).toBe(200);
  return { rig, fake };
}

/** Once the interaction's `count` requests have reached the fake. */
async function answered(discord: FakeDiscord, interaction: FakeInteraction, count: number): Promise<void> {
  const mine = (r: LoggedRequest) => r.path.includes(interaction.token);
  await discord.waitForRequest((r) => mine(r) && discord.requests.filter(mine).length >= count);
}

describe('Discord in the metrics', () => {
  it('counts a 429 from Discord while notifying, and a chat that takes no more messages', async () => {
    const { rig, fake } = await startWithDiscord();
    const server = fake.state.guild.channelId;
    fake.state.openDm(DM_CHANNEL, ALICE);
    // The deferral, "Following …", then the timeline: in the server channel and in Alice's DM.
    const inServer = slashCommand(
      fake,
      'subscribe',
      { number: EMS_TO_UK },
      { permissions: MANAGER_PERMISSIONS },
    );
    await answered(fake, inServer, 3);
    const inDm = slashCommand(fake, 'subscribe', { number: EMS_TO_UK }, { dm: true });
    await answered(fake, inDm, 3);
    expect(await rig.sample('postie_subscriptions', { state: 'active' })).toBe(2);

    // The parcel arrives in the UK 12 hours on: the server channel's message is answered 429 once
    // (Retry-After 0: discord.js sends it again at once), and Alice no longer accepts DMs.
    fake.rateLimitNext(new RegExp(`^POST /channels/${server}/messages$`), 0);
    fake.refuseChannel(DM_CHANNEL, 50007);
    rig.clock.advance(13 * HOUR_MS);
    expect(await rig.app.bot.engine.runDue()).toBe(1);
    await rig.app.bot.engine.idle();

    expect(await rig.sample('postie_platform_rate_limited_total', { platform: 'discord' })).toBe(1);
    expect(await rig.sample('postie_notifications_total', { platform: 'discord', result: 'sent' })).toBe(1);
    expect(
      await rig.sample('postie_notifications_total', { platform: 'discord', result: 'unreachable' }),
    ).toBe(1);
    expect(await rig.sample('postie_chats_unreachable_total', { platform: 'discord' })).toBe(1);
    expect(await rig.sample('postie_platform_rate_limited_total', { platform: 'telegram' })).toBe(0);
    expect(fake.state.channelMessages(server).at(-1)?.['embeds']).toBeDefined();
  });

  it('counts a 429 whose wait is longer than a call may take: the notification fails, to be sent again', async () => {
    const { rig, fake } = await startWithDiscord();
    const server = fake.state.guild.channelId;
    const subscribe = slashCommand(
      fake,
      'subscribe',
      { number: EMS_TO_UK },
      { permissions: MANAGER_PERMISSIONS },
    );
    await answered(fake, subscribe, 3);

    fake.rateLimitNext(new RegExp(`^POST /channels/${server}/messages$`), 60);
    rig.clock.advance(13 * HOUR_MS);
    expect(await rig.app.bot.engine.runDue()).toBe(1);
    await rig.app.bot.engine.idle();

    expect(await rig.sample('postie_platform_rate_limited_total', { platform: 'discord' })).toBe(1);
    expect(await rig.sample('postie_notifications_total', { platform: 'discord', result: 'failed' })).toBe(1);
    expect(await rig.sample('postie_outbox_pending')).toBe(1);
  });
});
