import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Frontend } from '../../src/domain/frontend.js';
import { block, type Reply, span } from '../../src/domain/reply.js';
import { DiscordCallError } from '../../src/frontends/discord/discord-errors.js';
import { createDiscordFrontend } from '../../src/frontends/discord/index.js';
import { createManualClock, type ManualClock } from '../../src/time/manual-clock.js';
import { type FakeDiscord, startFakeDiscord } from '../frontends/discord/fake-discord.js';
import { type BotRig, startBotRig } from '../helpers/bot-rig.js';
import { captureLogger } from '../helpers/capture-logger.js';

/**
 * Fault: Discord's REST API stops answering. Every REST call has a deadline (measured on a manual clock
 * here): a message that is never acknowledged fails when it passes, and the next one goes out.
 */
let rig: BotRig;
let fake: FakeDiscord;
let frontend: Frontend;
let deadlines: ManualClock;
const TIMEOUT_MS = 10_000;

beforeAll(async () => {
  rig = await startBotRig();
  fake = await startFakeDiscord({ heartbeatIntervalMs: 250 });
  deadlines = createManualClock(Date.now());
  const config = { token: fake.token, applicationId: fake.applicationId, apiRoot: fake.apiRoot };
  frontend = createDiscordFrontend({
    config,
    core: rig.core,
    logger: captureLogger().logger,
    clock: rig.clock,
    deadlineClock: deadlines,
    callTimeoutMs: TIMEOUT_MS,
  });
  await frontend.start();
});
afterAll(async () => {
  await frontend?.stop();
  await fake?.close();
  await rig?.close();
});
afterEach(() => {
  expect(fake.problems()).toEqual([]);
});

const news: Reply = { blocks: [block('heading', span('Hongkong Post RB000000014HK'))], buttons: [] };

describe('fault: a Discord REST call that never answers', () => {
  it('fails the notification when its deadline passes; the next one is sent', async () => {
    const channel = frontend.notifications;
    if (!channel) throw new Error('no notifications');
    const chat = { platform: 'discord', id: fake.state.guild.channelId, kind: 'group' } as const;
    fake.hangNext(/^POST \/channels\/\d+\/messages$/);
    const hung = channel.deliver(chat, news, 'hang.1').then(
      () => 'settled',
      (error: unknown) => error,
    );
    await expect.poll(() => fake.hanging).toBe(1);
    await deadlines.advance(TIMEOUT_MS);
    const error = await hung;
    expect(error).toBeInstanceOf(DiscordCallError);
    expect(String(error)).toContain(`no answer within ${TIMEOUT_MS} ms`);
    expect(await channel.deliver(chat, news, 'hang.2')).toBe('sent');
  });
});
