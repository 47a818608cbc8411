import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Frontend } from '../../../src/domain/frontend.js';
import { createDiscordFrontend } from '../../../src/frontends/discord/index.js';
import { type BotRig, startBotRig } from '../../helpers/bot-rig.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { messageMenu, pressButton, slashCommand } from './discord-payloads.js';
import { type FakeDiscord, type LoggedRequest, startFakeDiscord } from './fake-discord.js';
import { type FakeInteraction, FLAGS, type Json } from './fake-state.js';

/** The message menu command and Share, through the real discord.js client against the fake Discord. */
let rig: BotRig;
let fake: FakeDiscord;
let frontend: Frontend;

beforeAll(async () => {
  rig = await startBotRig();
  fake = await startFakeDiscord({ heartbeatIntervalMs: 250 });
  const config = { token: fake.token, applicationId: fake.applicationId, apiRoot: fake.apiRoot };
  frontend = createDiscordFrontend({ config, core: rig.core, logger: captureLogger('silent').logger });
  await frontend.start();
});
afterAll(async () => {
  await frontend?.stop();
  await fake?.close();
  await rig?.close();
});
afterEach(() => expect(fake.problems()).toEqual([]));

async function requestsOf(interaction: FakeInteraction, count: number): Promise<LoggedRequest[]> {
  const mine = (r: LoggedRequest) => r.path.includes(interaction.token);
  await fake.waitForRequest((r) => mine(r) && fake.requests.filter(mine).length >= count);
  return fake.requests.filter(mine);
}
const bodyOf = (r: LoggedRequest | undefined): Json => (r?.body ?? {}) as Json;
const embedOf = (r: LoggedRequest | undefined) => ((bodyOf(r)['embeds'] ?? []) as Json[])[0] ?? {};

const MENU = 'Track numbers in this message';

describe('Discord: “Track numbers in this message”', () => {
  it('answers every number in the message to the person alone, one reply each', async () => {
    const menu = messageMenu(fake, MENU, 'Your parcels: RB000000014HK and EA000001006HK. Thanks!');
    const [ack, first, second] = await requestsOf(menu, 3);
    expect(bodyOf(ack)).toEqual({ type: 5, data: { flags: FLAGS.ephemeral } });
    expect(first).toMatchObject({ method: 'PATCH' });
    expect(second).toMatchObject({ method: 'POST' });
    expect(bodyOf(second)['flags']).toBe(FLAGS.ephemeral);
    const titles = [embedOf(first)['title'], embedOf(second)['title']].sort();
    expect(titles).toEqual(['Hongkong Post EA000001006HK', 'Hongkong Post RB000000014HK']);
  });

  it('says so, in the person’s language, when the message has no number', async () => {
    const menu = messageMenu(fake, MENU, 'see you at 3pm', { locale: 'zh-CN' });
    const [, answer] = await requestsOf(menu, 2);
    expect(String(embedOf(answer)['description'])).toContain(
      rig.core.renderer.t('zh-CN', 'messages.no_numbers').slice(0, 6),
    );
  });
});

describe('Discord: Share', () => {
  it('answers Share under a timeline with the command to send, to the person alone', async () => {
    const command = slashCommand(fake, 'track', { numbers: 'RB000000014HK' });
    await requestsOf(command, 2);
    const message = fake.state.originalOf(command);
    if (!message) throw new Error('no timeline');
    const ids = ((message['components'] ?? []) as Json[]).flatMap((row) =>
      (row['components'] as Json[]).map((b) => String(b['custom_id'])),
    );
    expect(ids).toContain('h:RB000000014HK');
    const press = pressButton(fake, message, 'h:RB000000014HK');
    const [, followUp] = await requestsOf(press, 2);
    expect(followUp).toMatchObject({ method: 'POST' });
    expect(bodyOf(followUp)['flags']).toBe(FLAGS.ephemeral);
    expect(String(embedOf(followUp)['description'])).toContain('/track RB000000014HK');
  });
});
