import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingAction } from '../../src/core/incoming.js';
import type { ChatRef } from '../../src/domain/chat.js';
import { buttonAction } from '../../src/frontends/discord/interactions.js';
import { translateUpdate } from '../../src/frontends/telegram/telegram-updates.js';
import { DM_CHANNEL, interactionPayload } from '../frontends/discord/discord-payloads.js';
import { buttonData } from './button-data.js';
import { type ChatFuzzRig, startChatFuzzRig } from './chat-fuzz-rig.js';
import { createDiscordStructures, type DiscordStructures } from './discord-structures.js';

/**
 * Button data under fire: 10,000 presses from a fixed seed, each with one forged `callback_data` through
 * the Telegram translation and one forged `custom_id` through the Discord one (the interaction as
 * discord.js makes it from the gateway's dispatch), then the real bot core on the carrier sandboxes.
 * A press is answered or ignored, never with "something went wrong", a stack trace or a secret, always
 * within the platform's rules; nothing escapes to the process; and the chats where the person pressing
 * administers nothing still follow what they followed, with their settings, whatever was pressed.
 */
const CASES = 10_000;
const SEED = 20_261_210;
const BOT = { id: 7_000_000_001, username: 'PostieBot' };

/** Telegram chats: a private one, a group person 1 administers, and one nobody pressing administers. */
const TELEGRAM = { private: 9101, adminGroup: -1_009_101, protectedGroup: -1_009_102 } as const;
/** What the protected chats follow: numbers no generated press names. */
const PROTECTED_NUMBERS = ['CP000002001HK', 'RR000003007HK'];

let fuzz: ChatFuzzRig;
let discord: DiscordStructures;
let protectedChats: ChatRef[];

async function seed(chat: ChatRef) {
  const { respond } = fuzz.collect();
  const user = { id: 'seeder', languageCode: 'en' };
  const say = (name: string, args: string) =>
    fuzz.rig.core.handleMessage(
      { chat, user, text: `/${name} ${args}`, command: { name, args }, addressedToBot: true },
      respond,
    );
  for (const number of PROTECTED_NUMBERS) await say('subscribe', number);
  await say('timezone', 'Asia/Tokyo');
}

beforeAll(async () => {
  fuzz = await startChatFuzzRig();
  discord = createDiscordStructures();
  protectedChats = [
    { platform: 'telegram', id: String(TELEGRAM.protectedGroup), kind: 'group' },
    { platform: 'discord', id: discord.state.guild.channelId, kind: 'group' },
  ];
  for (const chat of protectedChats) await seed(chat);
});
afterAll(async () => {
  await discord?.close();
  await fuzz?.close();
});

const telegramPlace = fc.record({
  chat: fc.constantFrom('private', 'adminGroup', 'protectedGroup'),
  person: fc.integer({ min: 1, max: 3 }),
});
type TelegramPlace = typeof telegramPlace extends fc.Arbitrary<infer T> ? T : never;

async function press(action: IncomingAction | undefined, platform: 'telegram' | 'discord', data: string) {
  if (!action) return 'ignored';
  const { replies, respond } = fuzz.collect();
  await fuzz.rig.core.handleAction(action, respond);
  fuzz.check(platform, replies, data);
  if (replies.length === 0) fuzz.findings.push({ what: `${platform}: a press not answered`, input: data });
  return 'answered';
}

async function viaTelegram(data: string, place: TelegramPlace) {
  const id = TELEGRAM[place.chat as keyof typeof TELEGRAM];
  const chat = id > 0 ? { id, type: 'private', first_name: 'P' } : { id, type: 'supergroup', title: 'Fuzz' };
  const from = { id: id > 0 ? id : 9100 + place.person, is_bot: false, first_name: 'P', language_code: 'en' };
  const update = {
    update_id: 1,
    callback_query: {
      id: 'q',
      from,
      chat_instance: 'ci',
      data,
      message: { message_id: 5, date: 1, chat, from: { id: BOT.id, is_bot: true, first_name: 'Postie' } },
    },
  };
  const work = translateUpdate(
    update,
    BOT,
    async (chatId, user) => chatId === TELEGRAM.adminGroup && user === 9101,
  );
  if (work === undefined || work === 'unreadable' || work.kind !== 'action') {
    fuzz.findings.push({ what: 'Telegram: a press read as no press', input: data });
    return 'ignored';
  }
  return press(work.action, 'telegram', data);
}

/** The bot's message a button is pressed under (ephemeral ones too). */
const botMessage = (channelId: string, ephemeral: boolean) => ({
  id: discord.state.snowflake(),
  channel_id: channelId,
  author: discord.state.botUser,
  content: '',
  embeds: [],
  components: [],
  timestamp: '2025-01-01T00:00:00.000+00:00',
  edited_timestamp: null,
  tts: false,
  mention_everyone: false,
  mentions: [],
  mention_roles: [],
  attachments: [],
  pinned: false,
  type: 0,
  flags: ephemeral ? 64 : 0,
});

async function viaDiscord(data: string, dm: boolean, ephemeral: boolean) {
  const channel = dm ? DM_CHANNEL : discord.state.guild.channelId;
  const raw = interactionPayload(
    discord.state,
    { dm },
    3,
    { custom_id: data, component_type: 2 },
    { message: botMessage(channel, ephemeral) },
  );
  const interaction = discord.button(raw);
  if (!interaction) {
    fuzz.findings.push({ what: 'discord.js made no button press', input: data });
    return 'ignored';
  }
  return press(buttonAction(interaction), 'discord', data);
}

describe('fuzzing button data through the Telegram and Discord translations and the bot core', () => {
  it(`answers or ignores ${CASES} forged presses, and deletes nothing for someone who administers nothing`, async () => {
    const seen = new Map<string, number>();
    const count = (what: string) => seen.set(what, (seen.get(what) ?? 0) + 1);
    await fc.assert(
      fc.asyncProperty(
        buttonData(fuzz.rig.clock.now()),
        telegramPlace,
        fc.boolean(),
        fc.boolean(),
        async (data, tg, dm, ephemeral) => {
          count(`telegram ${await viaTelegram(data, tg)}`);
          count(`discord ${await viaDiscord(data, dm, ephemeral)}`);
        },
      ),
      { numRuns: CASES, seed: SEED },
    );
    expect(fuzz.errorReplies).toEqual([]);
    expect(fuzz.findings.slice(0, 10)).toEqual([]);
    expect(fuzz.escaped).toEqual([]);
    for (const chat of protectedChats) {
      const followed = (await fuzz.rig.engine.subscriptions.list(chat)).map((p) => p.subscription.number);
      expect(followed, chat.platform).toEqual(expect.arrayContaining(PROTECTED_NUMBERS));
      const { respond, replies } = fuzz.collect();
      const user = { id: 'seeder' };
      await fuzz.rig.core.handleMessage(
        { chat, user, text: '/timezone', command: { name: 'timezone', args: '' }, addressedToBot: true },
        respond,
      );
      expect(
        replies.map((r) => r.blocks.map((b) => b.spans.map((s) => s.text).join('')).join('\n')).join(''),
        chat.platform,
      ).toContain('Asia/Tokyo');
    }
    for (const outcome of ['telegram answered', 'telegram ignored', 'discord answered', 'discord ignored'])
      expect(seen.get(outcome), outcome).toBeGreaterThan(CASES / 50);
    expect(fuzz.carrierRequests()).toBeGreaterThan(10);
  }, 600_000);
});
