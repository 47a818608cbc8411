import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  autocompleteRequest,
  commandMessage,
  messageIncoming,
} from '../../src/frontends/discord/interactions.js';
import { toChoices } from '../../src/frontends/discord/markup.js';
import { translateUpdate } from '../../src/frontends/telegram/telegram-updates.js';
import { commandData, interactionPayload, messagePayload } from '../frontends/discord/discord-payloads.js';
import { choicesProblems } from '../frontends/discord/discord-rules.js';
import { type ChatFuzzRig, startChatFuzzRig } from './chat-fuzz-rig.js';
import { chatText } from './chat-texts.js';
import { createDiscordStructures, type DiscordStructures } from './discord-structures.js';

/**
 * Chat texts under fire: 10,000 texts from a fixed seed, each through the Telegram translation
 * (`translateUpdate`, as a private or a group message, with the entities Telegram adds) and through the
 * Discord translation (a DM, a server message with or without a mention, a slash command's options, or
 * what is typed into an option Postie suggests values for, as discord.js makes them from the gateway's
 * dispatch), then the real bot core on the carrier sandboxes.
 * Every text must be answered (a command, a private message, a message to the bot) or ignored (group
 * chatter), never with "something went wrong", never with a stack trace or a secret, always within the
 * platform's rules; the process must see no unhandled rejection or uncaught exception.
 */
const CASES = 10_000;
const SEED = 20_261_209;
const BOT = { id: 7_000_000_001, username: 'PostieBot' };

let fuzz: ChatFuzzRig;
let discord: DiscordStructures;
beforeAll(async () => {
  fuzz = await startChatFuzzRig();
  discord = createDiscordStructures();
});
afterAll(async () => {
  await discord?.close();
  await fuzz?.close();
});

/** Where a Telegram message comes from: a private chat or a group, one of a few people. */
const telegramPlace = fc.record({
  group: fc.boolean(),
  person: fc.integer({ min: 1, max: 4 }),
  language: fc.constantFrom('en', 'zh-hk', 'zh-hans', 'xx', ''),
  entities: fc.constantFrom('telegram', 'none', 'wild'),
  wild: fc.array(
    fc.record({
      type: fc.constantFrom('bot_command', 'mention', 'text_mention', 'bold'),
      offset: fc.nat({ max: 5000 }),
      length: fc.nat({ max: 5000 }),
    }),
    { maxLength: 3 },
  ),
});

/** Entities as Telegram adds them: a command at the start, `@mentions` anywhere (UTF-16 offsets). */
const telegramEntities = (text: string) =>
  [...text.matchAll(/(?<=^|\s)(\/[A-Za-z0-9_@]+|@[A-Za-z0-9_]{5,32})/g)]
    .filter((m) => m[0].startsWith('@') || m.index === 0)
    .map((m) => ({
      type: m[0].startsWith('/') ? 'bot_command' : 'mention',
      offset: m.index,
      length: m[0].length,
    }));

type TelegramPlace = typeof telegramPlace extends fc.Arbitrary<infer T> ? T : never;

async function viaTelegram(text: string, place: TelegramPlace) {
  const id = place.group ? -1_009_000 - place.person : 9000 + place.person;
  const chat = place.group
    ? { id, type: 'supergroup', title: 'Fuzz' }
    : { id, type: 'private', first_name: 'P' };
  const from = { id: 9000 + place.person, is_bot: false, first_name: 'P', language_code: place.language };
  const entities =
    place.entities === 'telegram' ? telegramEntities(text) : place.entities === 'wild' ? place.wild : [];
  const update = {
    update_id: 1,
    message: { message_id: 1, date: 1, chat, from, text, ...(entities.length > 0 ? { entities } : {}) },
  };
  // Nobody administers the fuzzed groups but person 1 (getChatMember is tested against the fake Bot API).
  const work = translateUpdate(update, BOT, async (_chat, user) => user === 9001);
  if (work === 'unreadable')
    fuzz.findings.push({ what: 'a Telegram message read as unreadable', input: text });
  if (work === undefined || work === 'unreadable' || work.kind !== 'message') return 'ignored';
  const { replies, respond } = fuzz.collect();
  await fuzz.rig.core.handleMessage(work.message, respond);
  fuzz.check('telegram', replies, text);
  const spokenTo =
    work.message.command || work.message.chat.kind === 'private' || work.message.addressedToBot;
  if (spokenTo && replies.length === 0) fuzz.findings.push({ what: 'Telegram: no answer', input: text });
  if (!spokenTo && replies.length > 0)
    fuzz.findings.push({ what: 'Telegram: chatter answered', input: text });
  return spokenTo ? 'answered' : 'ignored';
}

const discordPlace = fc.constantFrom('dm', 'mention', 'server', 'slash', 'slash-dm', 'autocomplete');

/** The text typed into an option Postie suggests values for; the suggestions as Discord would take them. */
async function autocompleteOf(text: string) {
  const { state } = discord;
  const fields = [
    ['unsubscribe', 'number'],
    ['track', 'carrier'],
    ['timezone', 'zone'],
  ] as const;
  const [command, option] = fields[text.length % fields.length] ?? fields[0];
  const data = {
    ...commandData(state, command, {}),
    options: [{ name: option, type: 3, value: text, focused: true }],
  };
  const made = discord.interaction(interactionPayload(state, {}, 4, data));
  if (!made?.isAutocomplete())
    return fuzz.findings.push({ what: 'discord.js made no autocomplete', input: text });
  const request = autocompleteRequest(made);
  const choices = await fuzz.rig.core.autocomplete(
    request.chat,
    request.command,
    request.option,
    request.partial,
  );
  for (const problem of choicesProblems({ choices: toChoices(choices) }))
    fuzz.findings.push({ what: `Discord would refuse the suggestions: ${problem}`, input: text });
  return 'answered';
}

async function viaDiscord(text: string, place: string) {
  const { state } = discord;
  let incoming: ReturnType<typeof messageIncoming>;
  if (place === 'autocomplete') return autocompleteOf(text);
  if (place.startsWith('slash')) {
    // The text as a slash command's options: its first word names the command, the rest fill its options.
    const [first = '', ...rest] = text.replace(/^\//, '').split(' ');
    const spec = fuzz.rig.core.commands.find((c) => c.name === first) ?? fuzz.rig.core.commands[2];
    const options = Object.fromEntries(
      (spec?.options ?? []).map((o, i) => [o.name, i === 0 ? rest.join(' ') : (rest[i] ?? '')]),
    );
    const data = commandData(state, spec?.name ?? 'track', options);
    const command = discord.command(interactionPayload(state, { dm: place === 'slash-dm' }, 2, data));
    if (!command) return fuzz.findings.push({ what: 'discord.js made no slash command', input: text });
    incoming = commandMessage(command, fuzz.rig.core.commands);
  } else {
    const where = { dm: place === 'dm', mention: place === 'mention' };
    const message = discord.message(messagePayload(state, text, where));
    if (!message) return fuzz.findings.push({ what: 'discord.js made no message', input: text });
    incoming = messageIncoming(message, discord.botId);
  }
  if (!incoming) return 'ignored';
  const { replies, respond } = fuzz.collect();
  await fuzz.rig.core.handleMessage(incoming, respond);
  fuzz.check('discord', replies, text);
  if (replies.length === 0) fuzz.findings.push({ what: 'Discord: no answer', input: text });
  return 'answered';
}

describe('fuzzing chat texts through the Telegram and Discord translations and the bot core', () => {
  it(`answers or ignores ${CASES} hostile texts sensibly on both platforms`, async () => {
    const seen = new Map<string, number>();
    const count = (what: string) => seen.set(what, (seen.get(what) ?? 0) + 1);
    await fc.assert(
      fc.asyncProperty(chatText, telegramPlace, discordPlace, async (text, tg, dc) => {
        count(`telegram ${await viaTelegram(text, tg)}`);
        count(`discord ${await viaDiscord(text, dc)}`);
      }),
      { numRuns: CASES, seed: SEED },
    );
    expect(fuzz.errorReplies).toEqual([]);
    expect(fuzz.findings.slice(0, 10)).toEqual([]);
    expect(fuzz.escaped).toEqual([]);
    // The cases reached both outcomes on both platforms, and the carriers.
    for (const outcome of ['telegram answered', 'telegram ignored', 'discord answered', 'discord ignored'])
      expect(seen.get(outcome), outcome).toBeGreaterThan(CASES / 50);
    expect(fuzz.checked).toBeGreaterThan(CASES);
    expect(fuzz.carrierRequests()).toBeGreaterThan(10);
  }, 600_000);
});
